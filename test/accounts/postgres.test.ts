import { describe } from 'vitest';
import { runAccountAdminSuite } from './account-admin.case.ts';

// Runs when DATABASE_URL is set (CI sets it).
if (process.env.DATABASE_URL) runAccountAdminSuite('postgres');
else describe.skip('account administration on postgres (DATABASE_URL not set)', () => {});
