import { and, asc, desc, eq, inArray, max, sql } from 'drizzle-orm';
import {
  duesBatches,
  duesLines,
  duesProfiles,
  ledgerEntries,
  logObjects,
  members,
  organisations,
} from '../../schema/index.ts';
import type { SignedDuesBatch } from '../crypto/dues-batch.ts';
import { lineRefOf, type DuesLine, type Month, type PlacedLine } from '../domain/dues.ts';
import type { DuesKind } from '../domain/rules.ts';
import { COUNTED_STATUSES, type MemberStatus } from '../domain/types.ts';
import { LedgerConflict } from '../errors.ts';
import type { Db } from './db.ts';
import { appendLogObjects } from './leaves.ts';

export interface DuesMemberRow {
  id: string;
  name: string;
  orgId: string;
  status: MemberStatus;
  duesThrough: string | null;
  baseFen: number | null;
  kind: DuesKind | null;
}

/** The members whose relationship an org holds (the origin's while in transit), with their declared base and kind. */
export async function duesMembersOf(db: Db, org: string): Promise<DuesMemberRow[]> {
  return db
    .select({
      id: members.id,
      name: members.name,
      orgId: members.orgId,
      status: members.status,
      duesThrough: members.duesThrough,
      baseFen: duesProfiles.baseFen,
      kind: duesProfiles.kind,
    })
    .from(members)
    .leftJoin(duesProfiles, eq(duesProfiles.memberId, members.id))
    .where(and(eq(members.orgId, org), inArray(members.status, [...COUNTED_STATUSES])))
    .orderBy(asc(members.name), asc(members.id));
}

/** The members whose relationship one of these orgs holds, counted ones only (not stopped, left or deceased). */
export async function duesMembersIn(
  db: Db,
  orgIds: readonly string[],
): Promise<{ id: string; name: string; orgId: string }[]> {
  if (orgIds.length === 0) return [];
  return db
    .select({ id: members.id, name: members.name, orgId: members.orgId })
    .from(members)
    .where(
      and(inArray(members.orgId, [...orgIds]), inArray(members.status, [...COUNTED_STATUSES])),
    );
}

/**
 * The status entries (党籍状态变更) of these members in ledger order, by
 * member: what the domain reads their 停止党籍 periods from (dues-exempt.ts).
 */
export async function statusEntriesOf(
  db: Db,
  memberIds: readonly string[],
): Promise<Map<string, { knd: string; dat: unknown }[]>> {
  const out = new Map<string, { knd: string; dat: unknown }[]>();
  if (memberIds.length === 0) return out;
  const rows = await db
    .select({ member: ledgerEntries.memberId, claims: ledgerEntries.claims })
    .from(ledgerEntries)
    .where(and(inArray(ledgerEntries.memberId, [...memberIds]), eq(ledgerEntries.kind, 'status')))
    .orderBy(asc(ledgerEntries.memberId), asc(ledgerEntries.seq));
  for (const r of rows) {
    const list = out.get(r.member) ?? [];
    list.push({ knd: r.claims.knd, dat: r.claims.dat });
    out.set(r.member, list);
  }
  return out;
}

/** Every line of these members, in the order recorded (a correction after what it corrects). */
export async function linesOfMembers(db: Db, memberIds: readonly string[]): Promise<PlacedLine[]> {
  if (memberIds.length === 0) return [];
  const rows = await db
    .select({ line: duesLines, recorded: duesBatches.month })
    .from(duesLines)
    .innerJoin(duesBatches, eq(duesBatches.id, duesLines.batchId))
    .where(inArray(duesLines.memberId, [...memberIds]))
    .orderBy(asc(duesBatches.issuedAt), asc(duesBatches.n), asc(duesLines.idx));
  return rows.map(({ line: l, recorded }) => ({
    ...lineOf(l),
    ref: lineRefOf(l.batchId, l.idx),
    recorded,
  }));
}

const lineOf = (l: typeof duesLines.$inferSelect): DuesLine => ({
  member: l.memberId,
  month: l.month,
  amount: l.amountFen,
  base: l.baseFen,
  rate: l.rateBp,
  kind: l.kind,
  ...(l.replaces === null ? {} : { replaces: l.replaces }),
});

/** The next batch number of a branch-month (1 for the first). */
export async function nextBatchNo(db: Db, org: string, month: Month): Promise<number> {
  const [row] = await db
    .select({ n: max(duesBatches.n) })
    .from(duesBatches)
    .where(and(eq(duesBatches.orgId, org), eq(duesBatches.month, month)));
  return (row?.n ?? 0) + 1;
}

export interface DuesWrite {
  batch: SignedDuesBatch;
  lines: readonly DuesLine[];
  /** declared base and kind, per member, for the next template */
  profiles: readonly { memberId: string; baseFen: number; kind: DuesKind }[];
  /** members' new `dues_through`, computed by the domain over all their lines */
  through: (lines: PlacedLine[]) => Map<string, Month | null>;
}

/**
 * Stores a signed batch in one transaction: its row, its lines, the members'
 * profiles and `dues_through`, and, last, its leaf in the log (the JWS kept
 * in log_objects). The branch's row is locked first, so two recordings of
 * one branch take turns; a batch number taken meanwhile is LedgerConflict.
 */
export async function insertDuesBatch(db: Db, w: DuesWrite): Promise<{ leafIndex: number }> {
  const { claims } = w.batch;
  return db.transaction(async (tx) => {
    await tx.execute(
      sql`select id from ${organisations} where ${organisations.id} = ${claims.iss} for update`,
    );
    if ((await nextBatchNo(tx as unknown as Db, claims.iss, claims.mon)) !== claims.n)
      throw new LedgerConflict(`batch ${w.batch.id} was recorded meanwhile`);
    await tx.insert(duesBatches).values({
      id: w.batch.id,
      orgId: claims.iss,
      month: claims.mon,
      n: claims.n,
      hash: w.batch.hash,
      lineCount: claims.cnt,
      totalFen: claims.sum,
      actor: claims.act,
      issuedAt: new Date(claims.iat * 1000),
    });
    for (let i = 0; i < w.lines.length; i += 1000) {
      await tx.insert(duesLines).values(
        w.lines.slice(i, i + 1000).map((l, j) => ({
          batchId: w.batch.id,
          idx: i + j,
          memberId: l.member,
          month: l.month,
          amountFen: l.amount,
          baseFen: l.base,
          rateBp: l.rate,
          kind: l.kind,
          replaces: l.replaces ?? null,
        })),
      );
    }
    if (w.profiles.length > 0) {
      await tx
        .insert(duesProfiles)
        .values(w.profiles.map((p) => ({ ...p, updatedAt: new Date() })))
        .onConflictDoUpdate({
          target: duesProfiles.memberId,
          set: { baseFen: sql`excluded.base_fen`, kind: sql`excluded.kind`, updatedAt: sql`now()` },
        });
    }
    const memberIds = [...new Set(w.lines.map((l) => l.member))];
    const through = w.through(await linesOfMembers(tx as unknown as Db, memberIds));
    const changes = memberIds.map((id) => ({ id, due: through.get(id) ?? null }));
    if (changes.length > 0) {
      const rows = sql.join(
        changes.map((c) => sql`(${c.id}::text, ${c.due}::text)`),
        sql`, `,
      );
      await tx.execute(sql`
        update members as m set dues_through = v.due
        from (values ${rows}) as v(id, due)
        where m.id = v.id and m.dues_through is distinct from v.due`);
    }
    const [leafIndex] = await appendLogObjects(tx, [
      { kind: 'dues_batch', jws: w.batch.jws, hash: w.batch.hash },
    ]);
    return { leafIndex: leafIndex! };
  });
}

export interface StoredBatch {
  id: string;
  jws: string;
  hash: string;
  leafIndex: number;
  lines: DuesLine[];
}

/** Batches by id with their JWS, log leaf and every line in index order (to prove some of them). */
export async function batchesById(
  db: Db,
  ids: readonly string[],
): Promise<Map<string, StoredBatch>> {
  if (ids.length === 0) return new Map();
  const heads = await db
    .select({
      id: duesBatches.id,
      hash: duesBatches.hash,
      jws: logObjects.jws,
      leafIndex: logObjects.leafIndex,
    })
    .from(duesBatches)
    .innerJoin(logObjects, eq(logObjects.hash, duesBatches.hash))
    .where(inArray(duesBatches.id, [...ids]));
  const lines = await db
    .select()
    .from(duesLines)
    .where(inArray(duesLines.batchId, [...ids]))
    .orderBy(asc(duesLines.batchId), asc(duesLines.idx));
  const out = new Map<string, StoredBatch>(heads.map((h) => [h.id, { ...h, lines: [] }]));
  for (const l of lines) out.get(l.batchId)?.lines.push(lineOf(l));
  return out;
}

/** Every batch of the installation in the months given (for the bench and reports). */
export async function batchCount(db: Db): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(duesBatches);
  return row?.n ?? 0;
}

export interface BatchSummary {
  id: string;
  month: Month;
  n: number;
  hash: string;
  lineCount: number;
  totalFen: number;
  actor: string;
  issuedAt: Date;
  leafIndex: number | null;
}

/** The batches an org recorded, newest first (the dues page's list). */
export async function batchesOf(db: Db, org: string, limit = 50): Promise<BatchSummary[]> {
  return db
    .select({
      id: duesBatches.id,
      month: duesBatches.month,
      n: duesBatches.n,
      hash: duesBatches.hash,
      lineCount: duesBatches.lineCount,
      totalFen: duesBatches.totalFen,
      actor: duesBatches.actor,
      issuedAt: duesBatches.issuedAt,
      leafIndex: logObjects.leafIndex,
    })
    .from(duesBatches)
    .leftJoin(logObjects, eq(logObjects.hash, duesBatches.hash))
    .where(eq(duesBatches.orgId, org))
    .orderBy(desc(duesBatches.issuedAt), desc(duesBatches.month), desc(duesBatches.n))
    .limit(limit);
}
