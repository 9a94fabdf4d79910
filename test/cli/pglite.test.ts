import { runCliFlow } from './flow.case.ts';

runCliFlow('pglite');
