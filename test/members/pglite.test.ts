import { runIncomingAndIdSuite } from './incoming-and-id.case.ts';

runIncomingAndIdSuite('pglite');
