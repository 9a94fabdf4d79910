import { describe, it } from 'vitest';
import { runStatisticsCompute } from './compute.case.ts';

if (process.env.DATABASE_URL) runStatisticsCompute('postgres');
else
  describe.skip('annual figures on postgres (DATABASE_URL not set)', () => it('skipped', () => {}));
