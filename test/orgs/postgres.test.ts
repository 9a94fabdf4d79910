import { describe } from 'vitest';
import { runOrgChangesSuite } from './org-changes.case.ts';

// Runs when DATABASE_URL is set (CI sets it).
if (process.env.DATABASE_URL) runOrgChangesSuite('postgres');
else describe.skip('organisation changes on postgres (DATABASE_URL not set)', () => {});
