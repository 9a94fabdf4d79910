import { runLogConformance } from './log.case.ts';

runLogConformance('pglite');
