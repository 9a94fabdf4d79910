import { runStatisticsCompute } from './compute.case.ts';

runStatisticsCompute('pglite');
