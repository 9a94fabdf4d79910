import { describe, it } from 'vitest';
import { runDuesSuite } from './dues.case.ts';

// CI always sets DATABASE_URL (.ci/run); locally without it this file says so instead of passing silently.
if (process.env.DATABASE_URL) runDuesSuite('postgres');
else describe.skip('dues on postgres (set DATABASE_URL)', () => it('needs DATABASE_URL', () => {}));
