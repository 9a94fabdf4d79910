import { DRIVERS } from '../support/stores.ts';
import { runFlow } from './flow.case.ts';

for (const driver of DRIVERS) runFlow(driver);
