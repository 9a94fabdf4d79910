import { and, eq, sql } from 'drizzle-orm';
import { idempotencyKeys, ledgerEntries, logCounter, logLeaves, members } from '../../schema/index.ts';
import { fromB64u } from '../crypto/bytes.ts';
import type { SignedEntry } from '../crypto/entry.ts';
import { IdempotencyMismatch, InvalidInput, LedgerConflict } from '../errors.ts';
import type { Db } from './db.ts';
import type { MemberRow } from './queries.ts';

export type MemberHeadUpdate = Pick<MemberRow, 'orgId' | 'status' | 'name' | 'category' | 'personnel' | 'credential'> &
  Partial<Pick<MemberRow, 'fullOn' | 'joinedOn'>>;

export interface IdempotencyClaim {
  scope: string;
  key: string;
  requestHash: string;
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

/** One write to a member's ledger: the first (enroll, which creates the member) or a later append. */
export type LedgerOp =
  | { kind: 'enroll'; member: typeof members.$inferInsert; entry: SignedEntry }
  | AppendOp;
export interface AppendOp {
  kind: 'append';
  expectedSeq: number;
  entry: SignedEntry;
  head: MemberHeadUpdate;
  idempotency?: IdempotencyClaim;
}
export type AppendOutcome = { replayed: false } | { replayed: true; memberId: string; seq: number };

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/**
 * Applies ledger writes in ONE transaction and returns, per op, its outcome or
 * the error that refused it (refusals never abort the others):
 *
 * 1. per op, statements that cannot fail hard: the member's conditional
 *    UPDATE (`WHERE seq = expected`: a racing append that got there first
 *    makes it match nothing → LedgerConflict, so the chain never forks), or
 *    the new member's INSERT … ON CONFLICT DO NOTHING, and the idempotency key;
 * 2. then, last, the log counter moves by the number accepted and their
 *    leaves and entry rows go in with consecutive indexes. The counter row
 *    stays locked until commit, so leaf order is commit order, without gaps,
 *    and every acknowledged entry is in the log.
 *
 * The counter is one hot row: one transaction per entry would serialise every
 * commit's WAL flush behind it. Applying a batch per transaction (see
 * createAppendBatcher) pays that once for many entries — group commit.
 */
export async function applyOps(db: Db, ops: readonly LedgerOp[]): Promise<(AppendOutcome | Error)[]> {
  return db.transaction(async (tx) => {
    const results: (AppendOutcome | Error)[] = [];
    const accepted: SignedEntry[] = [];
    for (const op of ops) {
      const r = op.kind === 'enroll' ? await enrollStep(tx, op) : await appendStep(tx, op);
      results.push(r);
      if (!(r instanceof Error) && !r.replayed) accepted.push(op.entry);
    }
    if (accepted.length > 0) {
      const [row] = await tx
        .insert(logCounter)
        .values({ id: 1, size: accepted.length })
        .onConflictDoUpdate({ target: logCounter.id, set: { size: sql`${logCounter.size} + ${accepted.length}` } })
        .returning({ size: logCounter.size });
      const first = row!.size - accepted.length;
      await tx.insert(logLeaves).values(accepted.map((e, i) => ({ index: first + i, data: fromB64u(e.hash) })));
      await tx.insert(ledgerEntries).values(accepted.map((e, i) => entryRow(e, first + i)));
    }
    return results;
  });
}

async function enrollStep(tx: Tx, op: Extract<LedgerOp, { kind: 'enroll' }>): Promise<AppendOutcome | Error> {
  const inserted = await tx.insert(members).values(op.member).onConflictDoNothing().returning({ id: members.id });
  if (inserted.length === 0) return new InvalidInput('national_id', 'a member with this national ID (or id) is already enrolled');
  return { replayed: false };
}

async function appendStep(tx: Tx, op: AppendOp): Promise<AppendOutcome | Error> {
  const { entry, expectedSeq, head, idempotency } = op;
  if (idempotency) {
    const inserted = await tx
      .insert(idempotencyKeys)
      .values({ ...idempotency, memberId: entry.claims.sub, seq: entry.claims.seq })
      .onConflictDoNothing()
      .returning({ key: idempotencyKeys.key });
    if (inserted.length === 0) {
      const [prior] = await tx.select().from(idempotencyKeys).where(keyOf(idempotency));
      if (!prior || prior.requestHash !== idempotency.requestHash) return new IdempotencyMismatch(idempotency.key);
      return { replayed: true, memberId: prior.memberId, seq: prior.seq };
    }
  }
  const moved = await tx
    .update(members)
    .set({ ...head, seq: entry.claims.seq, head: entry.hash, updatedAt: sql`now()` })
    .where(and(eq(members.id, entry.claims.sub), eq(members.seq, expectedSeq)))
    .returning({ id: members.id });
  if (moved.length === 0) {
    if (idempotency) await tx.delete(idempotencyKeys).where(keyOf(idempotency));
    return new LedgerConflict(`member ${entry.claims.sub} has moved past seq ${expectedSeq}`);
  }
  return { replayed: false };
}

const keyOf = (k: IdempotencyClaim) => and(eq(idempotencyKeys.scope, k.scope), eq(idempotencyKeys.key, k.key));

/** One op in its own transaction; a refusal is thrown. */
export async function applyOne(db: Db, op: LedgerOp): Promise<AppendOutcome> {
  const [r] = await applyOps(db, [op]);
  if (r instanceof Error) throw r;
  return r!;
}

export interface LedgerWriter {
  write(op: LedgerOp): Promise<AppendOutcome>;
}

/** Each op in its own transaction (what a Worker does: it has no requests to batch with). */
export const directWriter = (db: Db): LedgerWriter => ({ write: (op) => applyOne(db, op) });

/**
 * Group commit: ops that arrive while a transaction is in flight wait and go
 * together in the next one (no timer: the batch is whatever queued meanwhile),
 * up to `maxBatch`. Each caller still gets its own outcome or refusal.
 */
export function createAppendBatcher(db: Db, maxBatch = 200): LedgerWriter {
  const queue: { op: LedgerOp; resolve: (r: AppendOutcome) => void; reject: (e: unknown) => void }[] = [];
  let running = false;
  const pump = async () => {
    if (running) return;
    running = true;
    try {
      while (queue.length > 0) {
        const batch = queue.splice(0, maxBatch);
        try {
          const results = await applyOps(db, batch.map((b) => b.op));
          results.forEach((r, i) => (r instanceof Error ? batch[i]!.reject(r) : batch[i]!.resolve(r)));
        } catch (err) {
          for (const b of batch) b.reject(err);
        }
      }
    } finally {
      running = false;
    }
  };
  return {
    write: (op) =>
      new Promise<AppendOutcome>((resolve, reject) => {
        queue.push({ op, resolve, reject });
        void pump();
      }),
  };
}
