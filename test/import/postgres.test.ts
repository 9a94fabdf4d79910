import { describe } from 'vitest';
import { runImportSuite } from './import.case.ts';

// Runs when DATABASE_URL is set (CI sets it).
if (process.env.DATABASE_URL) runImportSuite('postgres');
else describe.skip('import on postgres (DATABASE_URL not set)', () => {});
