import { DRIVERS } from '../support/stores.ts';
import { runDuesPages } from './dues.case.ts';

for (const driver of DRIVERS) runDuesPages(driver);
