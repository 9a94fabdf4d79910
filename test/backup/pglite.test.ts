import { runBackupSuite } from './backup.case.ts';

runBackupSuite('pglite');
