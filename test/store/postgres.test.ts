import { describe, it } from 'vitest';
import { runConformance } from './conformance.case.ts';

// CI always sets DATABASE_URL (.ci/run); locally without it this file says so instead of passing silently.
if (process.env.DATABASE_URL) runConformance('postgres');
else
  describe.skip('certificate service on postgres (set DATABASE_URL)', () =>
    it('needs DATABASE_URL', () => {}));
