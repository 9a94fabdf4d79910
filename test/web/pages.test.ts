import { DRIVERS } from '../support/stores.ts';
import { runPages } from './pages.case.ts';

for (const driver of DRIVERS) runPages(driver);
