import { describe, it } from 'vitest';
import { runFilingWorkflow, runTimedBackdating } from './filings.case.ts';

if (process.env.DATABASE_URL) {
  runFilingWorkflow('postgres');
  runTimedBackdating('postgres');
} else
  describe.skip('annual filing workflow on postgres (DATABASE_URL not set)', () =>
    it('skipped', () => {}));
