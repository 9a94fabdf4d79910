import { runOrgChangesSuite } from './org-changes.case.ts';

runOrgChangesSuite('pglite');
