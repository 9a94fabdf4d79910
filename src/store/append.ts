import { and, eq, or, sql } from 'drizzle-orm';
import { idempotencyKeys, ledgerEntries, members } from '../../schema/index.ts';
import type { SignedEntry } from '../crypto/entry.ts';
import { IdempotencyMismatch, InvalidInput, LedgerConflict } from '../errors.ts';
import { rowsOf, type Db, type Tx } from './db.ts';
import { createBatcher } from './batcher.ts';
import { appendLeaves } from './leaves.ts';
import type { EntryInsert, MemberInsert, MemberRow } from './rows.ts';

export type MemberHeadUpdate = Pick<
  MemberRow,
  'orgId' | 'status' | 'name' | 'category' | 'personnel' | 'credential'
> &
  Partial<Pick<MemberRow, 'fullOn' | 'joinedOn'>>;

export interface IdempotencyClaim {
  scope: string;
  key: string;
  requestHash: string;
}

const entryRow = (e: SignedEntry, leafIndex: number): EntryInsert => ({
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
export type LedgerOp = { kind: 'enroll'; member: MemberInsert; entry: SignedEntry } | AppendOp;
export interface AppendOp {
  kind: 'append';
  expectedSeq: number;
  entry: SignedEntry;
  head: MemberHeadUpdate;
  idempotency?: IdempotencyClaim;
}
export type AppendOutcome = { replayed: false } | { replayed: true; memberId: string; seq: number };

/**
 * Applies ledger writes in ONE transaction and returns, per op, its outcome or
 * the error that refused it (refusals never abort the others):
 *
 * 1. statements that refuse without failing, each for the whole batch: the
 *    new members' INSERT … ON CONFLICT DO NOTHING, the idempotency keys, and
 *    the members' conditional UPDATE (`WHERE seq = expected`: a racing append
 *    that got there first makes it match nothing → LedgerConflict, so the
 *    chain never forks);
 * 2. then, last, appendLeaves (store/leaves.ts) gives the accepted entries
 *    consecutive leaf indexes and their entry rows go in. It locks the log
 *    counter's row until commit, so leaf order is commit order, without gaps,
 *    and every acknowledged entry is in the log. Other signed objects (dues
 *    batches, filings) take leaves the same way in their own transactions,
 *    interleaving with entries under the same guarantee.
 *
 * The counter is one hot row: one transaction per entry would serialise every
 * commit's WAL flush behind it. Applying a batch per transaction (see
 * createAppendBatcher) pays that once for many entries — group commit.
 */
export async function applyOps(
  db: Db,
  ops: readonly LedgerOp[],
): Promise<(AppendOutcome | Error)[]> {
  return db.transaction(async (tx) => {
    const results: (AppendOutcome | Error)[] = new Array(ops.length);
    const indexed = ops.map((op, i) => ({ op, i }));
    await enrollAll(
      tx,
      indexed.filter((x): x is { op: EnrollOp; i: number } => x.op.kind === 'enroll'),
      results,
    );
    // Appends go in rounds in which each member (and each idempotency key) appears once,
    // so one UPDATE serves the round and a second append to a member sees the first.
    let pending = indexed.filter((x): x is { op: AppendOp; i: number } => x.op.kind === 'append');
    while (pending.length > 0) {
      const seen = new Set<string>();
      const round: typeof pending = [];
      const later: typeof pending = [];
      for (const x of pending) {
        const keys = [
          `m:${x.op.entry.claims.sub}`,
          ...(x.op.idempotency ? [`k:${x.op.idempotency.scope}/${x.op.idempotency.key}`] : []),
        ];
        if (keys.some((k) => seen.has(k))) later.push(x);
        else {
          keys.forEach((k) => seen.add(k));
          round.push(x);
        }
      }
      await appendRound(tx, round, results);
      pending = later;
    }
    const accepted = indexed
      .filter(({ i }) => {
        const r = results[i]!;
        return !(r instanceof Error) && !r.replayed;
      })
      .map(({ op }) => op.entry);
    if (accepted.length > 0) {
      const first = await appendLeaves(
        tx,
        accepted.map((e) => e.hash),
      );
      await tx.insert(ledgerEntries).values(accepted.map((e, i) => entryRow(e, first + i)));
    }
    return results;
  });
}

type EnrollOp = Extract<LedgerOp, { kind: 'enroll' }>;

/** New members in one INSERT … ON CONFLICT DO NOTHING: a duplicate is refused, the others go in. */
async function enrollAll(
  tx: Tx,
  items: { op: EnrollOp; i: number }[],
  results: (AppendOutcome | Error)[],
): Promise<void> {
  if (items.length === 0) return;
  const inserted = await tx
    .insert(members)
    .values(items.map((x) => x.op.member))
    .onConflictDoNothing()
    .returning({ id: members.id });
  const ok = new Set(inserted.map((r) => r.id));
  for (const { op, i } of items) {
    results[i] = ok.has(op.member.id)
      ? { replayed: false }
      : new InvalidInput(
          'national_id',
          'a member with this national ID (or id) is already enrolled',
        );
  }
}

/** One round of appends: idempotency keys, then one conditional UPDATE for all (`WHERE seq = expected`). */
async function appendRound(
  tx: Tx,
  items: { op: AppendOp; i: number }[],
  results: (AppendOutcome | Error)[],
): Promise<void> {
  const keyed = items.filter((x) => x.op.idempotency);
  let live = items;
  if (keyed.length > 0) {
    const inserted = await tx
      .insert(idempotencyKeys)
      .values(
        keyed.map(({ op }) => ({
          ...op.idempotency!,
          memberId: op.entry.claims.sub,
          seq: op.entry.claims.seq,
        })),
      )
      .onConflictDoNothing()
      .returning({ scope: idempotencyKeys.scope, key: idempotencyKeys.key });
    const fresh = new Set(inserted.map((r) => `${r.scope}/${r.key}`));
    const repeats = keyed.filter(
      ({ op }) => !fresh.has(`${op.idempotency!.scope}/${op.idempotency!.key}`),
    );
    if (repeats.length > 0) {
      const priors = await tx
        .select()
        .from(idempotencyKeys)
        .where(or(...repeats.map(({ op }) => keyOf(op.idempotency!))));
      const byKey = new Map(priors.map((p) => [`${p.scope}/${p.key}`, p]));
      for (const { op, i } of repeats) {
        const prior = byKey.get(`${op.idempotency!.scope}/${op.idempotency!.key}`);
        results[i] =
          !prior || prior.requestHash !== op.idempotency!.requestHash
            ? new IdempotencyMismatch(op.idempotency!.key)
            : { replayed: true, memberId: prior.memberId, seq: prior.seq };
      }
      live = items.filter((x) => !repeats.includes(x));
    }
  }
  if (live.length === 0) return;
  const rows = sql.join(
    live.map(
      ({ op: { entry, expectedSeq, head } }) =>
        sql`(${entry.claims.sub}::text, ${expectedSeq}::int, ${entry.claims.seq}::int, ${entry.hash}::text, ${head.orgId}::text, ${head.status}::text, ${head.name}::text, ${head.category}::text, ${head.personnel}::text, ${head.credential}::text, ${head.fullOn !== undefined}::boolean, ${head.fullOn ?? null}::date, ${head.joinedOn ?? null}::date)`,
    ),
    sql`, `,
  );
  const moved = (await tx.execute(sql`
    update members as m set org_id = v.org_id, status = v.status, name = v.name, category = v.category,
      personnel = v.personnel, credential = v.credential, seq = v.seq, head = v.head,
      full_on = case when v.set_full_on then v.full_on else m.full_on end,
      joined_on = coalesce(v.joined_on, m.joined_on), updated_at = now()
    from (values ${rows}) as v(id, expected, seq, head, org_id, status, name, category, personnel, credential, set_full_on, full_on, joined_on)
    where m.id = v.id and m.seq = v.expected
    returning m.id`)) as unknown;
  const ok = new Set(rowsOf<{ id: string }>(moved).map((r) => r.id));
  for (const { op, i } of live) {
    results[i] = ok.has(op.entry.claims.sub)
      ? { replayed: false }
      : new LedgerConflict(`member ${op.entry.claims.sub} has moved past seq ${op.expectedSeq}`);
  }
  // A refused append leaves no idempotency key behind: a retry must be able to try again.
  const orphanKeys = live
    .filter(({ op }) => op.idempotency && !ok.has(op.entry.claims.sub))
    .map(({ op }) => keyOf(op.idempotency!));
  if (orphanKeys.length > 0) await tx.delete(idempotencyKeys).where(or(...orphanKeys));
}

const keyOf = (k: IdempotencyClaim) =>
  and(eq(idempotencyKeys.scope, k.scope), eq(idempotencyKeys.key, k.key));

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
  return { write: createBatcher((ops: LedgerOp[]) => applyOps(db, ops), maxBatch) };
}
