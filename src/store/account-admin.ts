import { and, asc, eq, inArray, isNull, or } from 'drizzle-orm';
import { accounts, apiTokens, members, officerRoles, sessions } from '../../schema/index.ts';
import type { Db } from './db.ts';
import type { AccountRow, RoleRow } from './rows.ts';

// Account administration (list, disable, reset, roles): plain queries.

export interface AccountListing {
  account: AccountRow;
  roles: RoleRow[];
  /** A member login's member org. */
  memberOrg: string | null;
}

/** Officer logins with a role at one of `orgIds`, and member logins of members at one of them. */
export async function listAccountsAt(db: Db, orgIds: readonly string[]): Promise<AccountListing[]> {
  if (orgIds.length === 0) return [];
  const ids = [...orgIds];
  const withRole = db
    .select({ id: officerRoles.accountId })
    .from(officerRoles)
    .where(inArray(officerRoles.orgId, ids));
  const rows = await db
    .select({ account: accounts, memberOrg: members.orgId })
    .from(accounts)
    .leftJoin(members, eq(members.id, accounts.memberId))
    .where(or(inArray(accounts.id, withRole), inArray(members.orgId, ids)))
    .orderBy(asc(accounts.username))
    .limit(2000);
  const roles =
    rows.length === 0
      ? []
      : await db
          .select()
          .from(officerRoles)
          .where(
            inArray(
              officerRoles.accountId,
              rows.map((r) => r.account.id),
            ),
          )
          .orderBy(asc(officerRoles.orgId));
  return rows.map((r) => ({
    account: r.account,
    memberOrg: r.memberOrg,
    roles: roles.filter((x) => x.accountId === r.account.id),
  }));
}

/** Disables (`at`) or re-enables (null) a login; disabling also ends its sessions and the API tokens it made. */
export async function setAccountDisabled(
  db: Db,
  id: string,
  at: Date | null,
): Promise<{ sessionsEnded: number; tokensRevoked: number }> {
  return db.transaction(async (tx) => {
    await tx.update(accounts).set({ disabledAt: at }).where(eq(accounts.id, id));
    if (at === null) return { sessionsEnded: 0, tokensRevoked: 0 };
    const ended = await tx
      .update(sessions)
      .set({ revokedAt: at })
      .where(and(eq(sessions.accountId, id), isNull(sessions.revokedAt)))
      .returning({ id: sessions.id });
    const revoked = await tx
      .update(apiTokens)
      .set({ revokedAt: at })
      .where(and(eq(apiTokens.createdBy, id), isNull(apiTokens.revokedAt)))
      .returning({ id: apiTokens.id });
    return { sessionsEnded: ended.length, tokensRevoked: revoked.length };
  });
}

/** A new password hash that must be changed at the next login; every session of the account ends. */
export async function resetAccountPassword(
  db: Db,
  id: string,
  passwordHash: string,
  at: Date,
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx
      .update(accounts)
      .set({ passwordHash, mustChangePassword: true })
      .where(eq(accounts.id, id));
    await tx
      .update(sessions)
      .set({ revokedAt: at })
      .where(and(eq(sessions.accountId, id), isNull(sessions.revokedAt)));
  });
}

/** Gives the role at `orgId` (replacing a role held there: one role per org). */
export async function putRole(
  db: Db,
  accountId: string,
  orgId: string,
  role: RoleRow['role'],
): Promise<void> {
  await db
    .insert(officerRoles)
    .values({ accountId, orgId, role })
    .onConflictDoUpdate({ target: [officerRoles.accountId, officerRoles.orgId], set: { role } });
}

export async function deleteRole(db: Db, accountId: string, orgId: string): Promise<boolean> {
  const gone = await db
    .delete(officerRoles)
    .where(and(eq(officerRoles.accountId, accountId), eq(officerRoles.orgId, orgId)))
    .returning({ orgId: officerRoles.orgId });
  return gone.length > 0;
}
