import { runImportSuite } from './import.case.ts';

runImportSuite('pglite');
