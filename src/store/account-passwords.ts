import { and, eq, isNull, ne } from 'drizzle-orm';
import { accounts, sessions } from '../../schema/index.ts';
import type { Db } from './db.ts';

/**
 * A new password hash for an account, and whether the next login must change
 * it (true for a generated one); the account's other sessions end with it, so
 * a stolen session does not outlive the password change.
 */
export async function setPassword(
  db: Db,
  accountId: string,
  passwordHash: string,
  opts: { mustChange: boolean; keepSession?: string | undefined; at: Date },
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx
      .update(accounts)
      .set({ passwordHash, mustChangePassword: opts.mustChange })
      .where(eq(accounts.id, accountId));
    await tx
      .update(sessions)
      .set({ revokedAt: opts.at })
      .where(
        and(
          eq(sessions.accountId, accountId),
          isNull(sessions.revokedAt),
          ...(opts.keepSession ? [ne(sessions.id, opts.keepSession)] : []),
        ),
      );
  });
}
