import { DRIVERS } from '../support/stores.ts';
import { runImportPages } from './import.case.ts';

for (const driver of DRIVERS) runImportPages(driver);
