import { DRIVERS } from '../support/stores.ts';
import { runMatrix } from './matrix.case.ts';

for (const driver of DRIVERS) runMatrix(driver);
