import { DRIVERS } from '../support/stores.ts';
import { runSecurity } from './security.case.ts';

for (const driver of DRIVERS) runSecurity(driver);
