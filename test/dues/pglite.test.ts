import { runDuesSuite } from './dues.case.ts';

runDuesSuite('pglite');
