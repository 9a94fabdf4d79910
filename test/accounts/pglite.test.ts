import { runAccountAdminSuite } from './account-admin.case.ts';

runAccountAdminSuite('pglite');
