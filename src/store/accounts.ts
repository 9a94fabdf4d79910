import { and, asc, desc, eq, inArray, isNotNull, isNull, lte, or } from 'drizzle-orm';
import { accounts, officerRoles, sessions } from '../../schema/index.ts';
import type { Db } from './db.ts';
import type { AccountInsert, AccountRow, RoleRow, SessionInsert, SessionRow } from './rows.ts';

// Accounts, officer roles and sessions: plain queries, Web-standard only.

export async function insertAccount(
  db: Db,
  account: AccountInsert,
  roles: { orgId: string; role: RoleRow['role'] }[],
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.insert(accounts).values(account);
    if (roles.length)
      await tx.insert(officerRoles).values(roles.map((r) => ({ accountId: account.id, ...r })));
  });
}

export async function findAccountByUsername(
  db: Db,
  username: string,
): Promise<AccountRow | undefined> {
  const [row] = await db.select().from(accounts).where(eq(accounts.username, username));
  return row;
}

export async function getAccount(db: Db, id: string): Promise<AccountRow | undefined> {
  const [row] = await db.select().from(accounts).where(eq(accounts.id, id));
  return row;
}

export async function rolesOf(db: Db, accountId: string): Promise<RoleRow[]> {
  return db
    .select()
    .from(officerRoles)
    .where(eq(officerRoles.accountId, accountId))
    .orderBy(asc(officerRoles.orgId));
}

export async function countAccounts(db: Db): Promise<number> {
  return (await db.select({ id: accounts.id }).from(accounts).limit(1)).length;
}

// ---- sessions ----

export async function insertSession(db: Db, row: SessionInsert): Promise<void> {
  await db.insert(sessions).values(row);
}

/** The session, its account and the account's roles in one round trip (every request makes this query). */
export async function findSession(
  db: Db,
  id: string,
): Promise<{ session: SessionRow; account: AccountRow; roles: RoleRow[] } | undefined> {
  const rows = await db
    .select()
    .from(sessions)
    .innerJoin(accounts, eq(accounts.id, sessions.accountId))
    .leftJoin(officerRoles, eq(officerRoles.accountId, sessions.accountId))
    .where(eq(sessions.id, id))
    .orderBy(asc(officerRoles.orgId));
  const [first] = rows;
  if (!first) return undefined;
  return {
    session: first.sessions,
    account: first.accounts,
    roles: rows.flatMap((r) => (r.officer_roles ? [r.officer_roles] : [])),
  };
}

/** Deletes every session that has ended: past its absolute end, idle since `idleBefore`, or logged out. */
export async function purgeSessions(
  db: Db,
  at: { expiredBefore: Date; idleBefore: Date },
): Promise<void> {
  await db
    .delete(sessions)
    .where(
      or(
        lte(sessions.expiresAt, at.expiredBefore),
        lte(sessions.lastSeenAt, at.idleBefore),
        isNotNull(sessions.revokedAt),
      ),
    );
}

/** Ends the account's live sessions beyond the `keep` most recently used. */
export async function endOldestSessions(
  db: Db,
  accountId: string,
  keep: number,
  at: Date,
): Promise<void> {
  const live = await db
    .select({ id: sessions.id })
    .from(sessions)
    .where(and(eq(sessions.accountId, accountId), isNull(sessions.revokedAt)))
    .orderBy(desc(sessions.lastSeenAt), desc(sessions.createdAt))
    .offset(Math.max(0, keep));
  if (live.length)
    await db
      .update(sessions)
      .set({ revokedAt: at })
      .where(
        inArray(
          sessions.id,
          live.map((s) => s.id),
        ),
      );
}

export async function touchSession(db: Db, id: string, at: Date): Promise<void> {
  await db.update(sessions).set({ lastSeenAt: at }).where(eq(sessions.id, id));
}

export async function revokeSession(db: Db, id: string, at: Date): Promise<void> {
  await db
    .update(sessions)
    .set({ revokedAt: at })
    .where(and(eq(sessions.id, id)));
}
