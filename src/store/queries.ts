import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { idempotencyKeys, ledgerEntries, logCounter, logLeaves, members, organisations, orgKeys, settings } from '../../schema/index.ts';
import { fromB64u } from '../crypto/bytes.ts';
import type { SignedEntry } from '../crypto/entry.ts';
import type { OrgNode, OrgTree } from '../domain/types.ts';
import { IdempotencyMismatch, LedgerConflict } from '../errors.ts';
import type { Db } from './db.ts';

// The query layer: plain functions over a drizzle `Db`, the same for PGlite
// and PostgreSQL, Web-standard only (it also runs inside a Worker).

export type OrgRow = typeof organisations.$inferSelect;
export type OrgKeyRow = typeof orgKeys.$inferSelect;
export type MemberRow = typeof members.$inferSelect;
export type EntryRow = typeof ledgerEntries.$inferSelect;

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
  await db.insert(organisations).values({ id: org.id, name: org.name, type: org.type, parentId: org.parent });
}

export async function getOrg(db: Db, id: string): Promise<OrgRow | undefined> {
  const [row] = await db.select().from(organisations).where(eq(organisations.id, id));
  return row;
}

/** The whole tree as plain data for the domain rules. Organisations number in the thousands per installation, not millions. */
export async function loadTree(db: Db): Promise<OrgTree> {
  const rows = await db.select().from(organisations).orderBy(asc(organisations.id));
  return new Map(rows.map((r) => [r.id, { id: r.id, name: r.name, type: r.type, parent: r.parentId }]));
}

export async function insertOrgKey(db: Db, key: typeof orgKeys.$inferInsert): Promise<void> {
  await db.insert(orgKeys).values(key);
}

export async function keysOf(db: Db, orgIds?: readonly string[]): Promise<OrgKeyRow[]> {
  const q = db.select().from(orgKeys);
  const rows = orgIds ? await q.where(inArray(orgKeys.orgId, [...orgIds])) : await q;
  return rows.sort((a, b) => a.notBefore.getTime() - b.notBefore.getTime() || a.kid.localeCompare(b.kid));
}

export async function revokeKey(db: Db, kid: string, at: Date, revocation: string): Promise<void> {
  await db.update(orgKeys).set({ revokedAt: at, revocation }).where(eq(orgKeys.kid, kid));
}

// ---- members and their ledgers ----

export async function getMember(db: Db, id: string): Promise<MemberRow | undefined> {
  const [row] = await db.select().from(members).where(eq(members.id, id));
  return row;
}

export async function findMemberByNationalIdIndex(db: Db, index: string): Promise<MemberRow | undefined> {
  const [row] = await db.select().from(members).where(eq(members.nationalIdIndex, index));
  return row;
}

export async function listEntries(db: Db, memberId: string): Promise<EntryRow[]> {
  return db.select().from(ledgerEntries).where(eq(ledgerEntries.memberId, memberId)).orderBy(asc(ledgerEntries.seq));
}

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/**
 * Puts the entry hash into the transparency log as the next leaf and returns
 * its index. Call it last in the entry's transaction: the counter row stays
 * locked until commit, which makes leaf order commit order, without gaps.
 */
async function appendLeaf(tx: Tx, entryHash: string): Promise<number> {
  const [row] = await tx
    .insert(logCounter)
    .values({ id: 1, size: 1 })
    .onConflictDoUpdate({ target: logCounter.id, set: { size: sql`${logCounter.size} + 1` } })
    .returning({ size: logCounter.size });
  const index = row!.size - 1;
  await tx.insert(logLeaves).values({ index, data: fromB64u(entryHash) });
  return index;
}

const entryRow = (e: SignedEntry, leafIndex: number): typeof ledgerEntries.$inferInsert => ({
  leafIndex,
  memberId: e.claims.sub,
  seq: e.claims.seq,
  hash: e.hash,
  jws: e.jws,
  kind: e.claims.knd,
  orgId: e.claims.iss,
  actor: e.claims.act,
  issuedAt: new Date(e.claims.iat * 1000),
  claims: e.claims,
});

/** Creates a member and their first (enroll) entry in one transaction. */
export async function insertEnrolledMember(db: Db, member: typeof members.$inferInsert, entry: SignedEntry): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.insert(members).values(member);
    await tx.insert(ledgerEntries).values(entryRow(entry, await appendLeaf(tx, entry.hash)));
  });
}

export type MemberHeadUpdate = Pick<MemberRow, 'orgId' | 'status' | 'name' | 'category' | 'personnel' | 'credential'> &
  Partial<Pick<MemberRow, 'fullOn' | 'joinedOn'>>;

export interface IdempotencyClaim {
  scope: string;
  key: string;
  requestHash: string;
}

/**
 * Appends one entry if, and only if, the member's head is still `expectedSeq`.
 * Two racing appends on one member: the second's conditional UPDATE waits for
 * the first's row lock, then finds seq moved and matches nothing, so it
 * throws LedgerConflict and the chain never forks.
 * With an idempotency claim, a repeat returns the original entry's (memberId, seq).
 */
export async function appendEntry(
  db: Db,
  args: { expectedSeq: number; entry: SignedEntry; head: MemberHeadUpdate; idempotency?: IdempotencyClaim },
): Promise<{ replayed: false } | { replayed: true; memberId: string; seq: number }> {
  const { entry, expectedSeq, head, idempotency } = args;
  return db.transaction(async (tx) => {
    if (idempotency) {
      const inserted = await tx
        .insert(idempotencyKeys)
        .values({ ...idempotency, memberId: entry.claims.sub, seq: entry.claims.seq })
        .onConflictDoNothing()
        .returning({ key: idempotencyKeys.key });
      if (inserted.length === 0) {
        const [prior] = await tx
          .select()
          .from(idempotencyKeys)
          .where(and(eq(idempotencyKeys.scope, idempotency.scope), eq(idempotencyKeys.key, idempotency.key)));
        if (!prior || prior.requestHash !== idempotency.requestHash) throw new IdempotencyMismatch(idempotency.key);
        return { replayed: true as const, memberId: prior.memberId, seq: prior.seq };
      }
    }
    const moved = await tx
      .update(members)
      .set({ ...head, seq: entry.claims.seq, head: entry.hash, updatedAt: sql`now()` })
      .where(and(eq(members.id, entry.claims.sub), eq(members.seq, expectedSeq)))
      .returning({ id: members.id });
    if (moved.length === 0) throw new LedgerConflict(`member ${entry.claims.sub} has moved past seq ${expectedSeq}`);
    await tx.insert(ledgerEntries).values(entryRow(entry, await appendLeaf(tx, entry.hash)));
    return { replayed: false as const };
  });
}

export async function findIdempotent(db: Db, scope: string, key: string) {
  const [row] = await db
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key)));
  return row;
}

export async function setCredential(db: Db, memberId: string, seq: number, credential: string): Promise<void> {
  await db.update(members).set({ credential }).where(and(eq(members.id, memberId), eq(members.seq, seq)));
}
