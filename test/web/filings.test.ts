import { DRIVERS } from '../support/stores.ts';
import { runFilingPages } from './filings.case.ts';

for (const driver of DRIVERS) runFilingPages(driver);
