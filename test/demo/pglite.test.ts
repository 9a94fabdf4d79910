import { runDemoSuite } from './demo.case.ts';

runDemoSuite('pglite');
