import { describe, it } from 'vitest';
import { runCliFlow } from './flow.case.ts';

if (process.env.DATABASE_URL) runCliFlow('postgres');
else
  describe.skip('pmcert CLI on postgres (set DATABASE_URL)', () =>
    it('needs DATABASE_URL', () => {}));
