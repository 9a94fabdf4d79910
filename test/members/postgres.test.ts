import { describe } from 'vitest';
import { runIncomingAndIdSuite } from './incoming-and-id.case.ts';

// Runs when DATABASE_URL is set (CI sets it).
if (process.env.DATABASE_URL) runIncomingAndIdSuite('postgres');
else
  describe.skip('incoming members and national-ID search on postgres (DATABASE_URL not set)', () => {});
