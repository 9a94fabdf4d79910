import { runFilingWorkflow } from './filings.case.ts';

runFilingWorkflow('pglite');
