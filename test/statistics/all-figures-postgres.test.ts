import { describe, it } from 'vitest';
import { runAllFiguresSuite } from './all-figures.case.ts';

if (process.env.DATABASE_URL) runAllFiguresSuite('postgres');
else
  describe.skip('every org in one pass on postgres (DATABASE_URL not set)', () =>
    it('skipped', () => {}));
