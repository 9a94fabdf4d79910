import { describe, it } from 'vitest';
import { runLogConformance } from './log.case.ts';

if (process.env.DATABASE_URL) runLogConformance('postgres');
else
  describe.skip('transparency log on postgres (set DATABASE_URL)', () =>
    it('needs DATABASE_URL', () => {}));
