import { runConformance } from './conformance.case.ts';

runConformance('pglite');
