import { describe, it } from 'vitest';
import { runDemoSuite } from './demo.case.ts';

// CI sets DATABASE_URL (.ci/run).
if (process.env.DATABASE_URL) runDemoSuite('postgres');
else describe.skip('demo on postgres (set DATABASE_URL)', () => it('needs DATABASE_URL', () => {}));
