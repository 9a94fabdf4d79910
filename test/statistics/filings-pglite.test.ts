import { runFilingWorkflow, runTimedBackdating } from './filings.case.ts';

runFilingWorkflow('pglite');
runTimedBackdating('pglite');
