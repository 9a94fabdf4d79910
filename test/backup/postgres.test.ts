import { describe, it } from 'vitest';
import { runBackupSuite } from './backup.case.ts';

// CI sets DATABASE_URL (.ci/run).
if (process.env.DATABASE_URL) runBackupSuite('postgres');
else
  describe.skip('backup on postgres (set DATABASE_URL)', () => it('needs DATABASE_URL', () => {}));
