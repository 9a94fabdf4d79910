import { and, count, eq, inArray, isNull, notInArray, or, sql, type SQL } from 'drizzle-orm';
import { ledgerEntries, members, officerRoles, organisations } from '../../schema/index.ts';
import type { OrgMove } from '../domain/types.ts';
import type { Db } from './db.ts';

// Renames, moves and dissolutions of organisations: plain writes, each
// moving updated_at so the trust list's fingerprint changes with it.

export async function renameOrg(db: Db, id: string, name: string): Promise<void> {
  await db
    .update(organisations)
    .set({ name, updatedAt: sql`now()` })
    .where(eq(organisations.id, id));
}

export async function moveOrg(
  db: Db,
  id: string,
  parent: string,
  moves: readonly OrgMove[],
): Promise<void> {
  await db
    .update(organisations)
    .set({ parentId: parent, moves: [...moves], updatedAt: sql`now()` })
    .where(eq(organisations.id, id));
}

/** Marks the org dissolved and removes the officer roles held at it; returns the accounts that lost one. */
export async function dissolveOrg(db: Db, id: string, at: Date): Promise<string[]> {
  return db.transaction(async (tx) => {
    await tx
      .update(organisations)
      .set({ dissolvedAt: at, updatedAt: sql`now()` })
      .where(eq(organisations.id, id));
    const removed = await tx
      .delete(officerRoles)
      .where(eq(officerRoles.orgId, id))
      .returning({ accountId: officerRoles.accountId });
    return removed.map((r) => r.accountId);
  });
}

/** What still hangs on an org: members at it (not left or deceased), members in transit to it, live child orgs. */
export async function orgContents(
  db: Db,
  id: string,
): Promise<{ members: number; incoming: number; children: number }> {
  const [own] = await db
    .select({ n: count() })
    .from(members)
    .where(and(eq(members.orgId, id), notInArray(members.status, ['left', 'deceased'])));
  const [kids] = await db
    .select({ n: count() })
    .from(organisations)
    .where(and(eq(organisations.parentId, id), isNull(organisations.dissolvedAt)));
  const incoming = await incomingMemberIds(db, [id]);
  return { members: own?.n ?? 0, incoming: incoming.length, children: kids?.n ?? 0 };
}

/** The members at an org who are not left or deceased: those a dissolution must move. */
export async function memberIdsAt(db: Db, id: string): Promise<string[]> {
  const rows = await db
    .select({ id: members.id })
    .from(members)
    .where(and(eq(members.orgId, id), notInArray(members.status, ['left', 'deceased'])))
    .orderBy(members.id);
  return rows.map((r) => r.id);
}

/** The transfer_out entries `org` signed at one instant (a dissolution's moves): member, destination, reason. */
export async function transfersOutAt(
  db: Db,
  org: string,
  at: Date,
): Promise<{ memberId: string; to: string | null; reason: string | null }[]> {
  return db
    .select({
      memberId: ledgerEntries.memberId,
      to: sql<string | null>`${ledgerEntries.claims}->'dat'->>'to'`,
      reason: sql<string | null>`${ledgerEntries.claims}->'dat'->>'reason'`,
    })
    .from(ledgerEntries)
    .where(
      and(
        eq(ledgerEntries.orgId, org),
        eq(ledgerEntries.kind, 'transfer_out'),
        eq(ledgerEntries.issuedAt, at),
      ),
    )
    .orderBy(ledgerEntries.memberId);
}

/**
 * The destination of a member's latest transfer_out while they are in transit
 * (null otherwise): where they are 转入在途 to.
 */
export const transitTo = sql<
  string | null
>`(case when ${members.status} = 'in_transit' then (select t.claims->'dat'->>'to' from ledger_entries t where t.member_id = ${members.id} and t.kind = 'transfer_out' order by t.seq desc limit 1) end)`;

/** Members at one of `orgIds`, or in transit to one of them (转入在途): the member lists' scope. */
export function atOrIncoming(orgIds: readonly string[]): SQL {
  const ids = sql.join(
    orgIds.map((o) => sql`${o}`),
    sql`, `,
  );
  return or(
    inArray(members.orgId, [...orgIds]),
    and(eq(members.status, 'in_transit'), sql`${transitTo} in (${ids})`),
  )!;
}

/** Members in transit whose latest transfer_out names one of `orgIds` as its destination. */
export async function incomingMemberIds(db: Db, orgIds: readonly string[]): Promise<string[]> {
  if (orgIds.length === 0) return [];
  const ids = sql.join(
    orgIds.map((o) => sql`${o}`),
    sql`, `,
  );
  const rows = await db
    .select({ id: members.id })
    .from(members)
    .where(and(eq(members.status, 'in_transit'), sql`${transitTo} in (${ids})`));
  return rows.map((r) => r.id);
}
