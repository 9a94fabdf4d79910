import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import {
  idempotencyKeys,
  ledgerEntries,
  members,
  organisations,
  orgKeys,
  settings,
} from '../../schema/index.ts';
import { applyOne, type AppendOp, type AppendOutcome } from './append.ts';
import type { OrgNode, OrgTree } from '../domain/types.ts';
import type { Db } from './db.ts';
import type { EntryRow, MemberRow, OrgKeyInsert, OrgKeyRow, OrgRow } from './rows.ts';

// The query layer: plain functions over a drizzle `Db`, the same for PGlite
// and PostgreSQL, Web-standard only (it also runs inside a Worker).

export async function getSetting(db: Db, name: string): Promise<string | undefined> {
  const [row] = await db.select().from(settings).where(eq(settings.name, name));
  return row?.value;
}

export async function putSetting(db: Db, name: string, value: string): Promise<void> {
  await db
    .insert(settings)
    .values({ name, value })
    .onConflictDoUpdate({ target: settings.name, set: { value, updatedAt: sql`now()` } });
}

// ---- organisations and keys ----

export async function insertOrg(db: Db, org: OrgNode): Promise<void> {
  await db
    .insert(organisations)
    .values({ id: org.id, name: org.name, type: org.type, parentId: org.parent });
}

export async function getOrg(db: Db, id: string): Promise<OrgRow | undefined> {
  const [row] = await db.select().from(organisations).where(eq(organisations.id, id));
  return row;
}

/** The whole tree as plain data for the domain rules. Organisations number in the thousands per installation, not millions. */
export async function loadTree(db: Db): Promise<OrgTree> {
  const rows = await db.select().from(organisations).orderBy(asc(organisations.id));
  return new Map(
    rows.map((r) => [r.id, { id: r.id, name: r.name, type: r.type, parent: r.parentId }]),
  );
}

export async function insertOrgKey(db: Db, key: OrgKeyInsert): Promise<void> {
  await db.insert(orgKeys).values(key);
}

export async function keysOf(db: Db, orgIds?: readonly string[]): Promise<OrgKeyRow[]> {
  const q = db.select().from(orgKeys);
  const rows = orgIds ? await q.where(inArray(orgKeys.orgId, [...orgIds])) : await q;
  return rows.sort(
    (a, b) => a.notBefore.getTime() - b.notBefore.getTime() || a.kid.localeCompare(b.kid),
  );
}

export async function orgKeyByKid(db: Db, kid: string): Promise<OrgKeyRow | undefined> {
  const [row] = await db.select().from(orgKeys).where(eq(orgKeys.kid, kid));
  return row;
}

export async function revokeKey(db: Db, kid: string, at: Date, revocation: string): Promise<void> {
  await db.update(orgKeys).set({ revokedAt: at, revocation }).where(eq(orgKeys.kid, kid));
}

// ---- members and their ledgers ----

export async function getMember(db: Db, id: string): Promise<MemberRow | undefined> {
  const [row] = await db.select().from(members).where(eq(members.id, id));
  return row;
}

export async function findMemberByNationalIdIndex(
  db: Db,
  index: string,
): Promise<MemberRow | undefined> {
  const [row] = await db.select().from(members).where(eq(members.nationalIdIndex, index));
  return row;
}

export async function listEntries(db: Db, memberId: string): Promise<EntryRow[]> {
  return db
    .select()
    .from(ledgerEntries)
    .where(eq(ledgerEntries.memberId, memberId))
    .orderBy(asc(ledgerEntries.seq));
}

/**
 * Appends one entry if, and only if, the member's head is still `expectedSeq`
 * (see append.ts for the transaction and why racing appends never fork).
 * With an idempotency claim, a repeat returns the original entry's (memberId, seq).
 */
export async function appendEntry(db: Db, args: Omit<AppendOp, 'kind'>): Promise<AppendOutcome> {
  return applyOne(db, { kind: 'append', ...args });
}

export async function findIdempotent(db: Db, scope: string, key: string) {
  const [row] = await db
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key)));
  return row;
}

/** The id and stored credential of every member whose relationship `orgId` holds (for re-issuing after a revocation). */
export async function membersOfOrg(
  db: Db,
  orgId: string,
): Promise<{ id: string; credential: string }[]> {
  return db
    .select({ id: members.id, credential: members.credential })
    .from(members)
    .where(eq(members.orgId, orgId))
    .orderBy(asc(members.id));
}

export async function setCredential(
  db: Db,
  memberId: string,
  seq: number,
  credential: string,
): Promise<void> {
  await db
    .update(members)
    .set({ credential })
    .where(and(eq(members.id, memberId), eq(members.seq, seq)));
}
