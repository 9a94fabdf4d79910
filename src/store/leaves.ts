import { sql } from 'drizzle-orm';
import { logCounter, logLeaves, logObjects } from '../../schema/index.ts';
import { fromB64u } from '../crypto/bytes.ts';
import type { LogObjectKind } from '../domain/log-objects.ts';
import type { Tx } from './db.ts';

/**
 * Puts `hashes` (base64url SHA-256 of signed objects) at the end of the
 * transparency log inside the caller's transaction and returns the first
 * one's leaf index; the others follow consecutively.
 *
 * Call it LAST in the transaction, after everything that can refuse: the log
 * counter's row stays locked from here until commit, so a second writer waits
 * and reads the size this one commits — leaf order is commit order, with no
 * gap (a rollback takes its increment with it) — and the lock is held only for
 * the commit itself. Whatever signed thing a leaf is, it goes in the same
 * transaction as its own rows, so every acknowledged object is in the log.
 */
export async function appendLeaves(tx: Tx, hashes: readonly string[]): Promise<number> {
  if (hashes.length === 0) throw new Error('appendLeaves needs at least one hash');
  const [row] = await tx
    .insert(logCounter)
    .values({ id: 1, size: hashes.length })
    .onConflictDoUpdate({
      target: logCounter.id,
      set: { size: sql`${logCounter.size} + ${hashes.length}` },
    })
    .returning({ size: logCounter.size });
  const first = row!.size - hashes.length;
  await tx
    .insert(logLeaves)
    .values(hashes.map((h, i) => ({ index: first + i, data: fromB64u(h) })));
  return first;
}

export interface LogObject {
  kind: LogObjectKind;
  jws: string;
  /** base64url SHA-256 of `jws` (`entryHash`). */
  hash: string;
}

/**
 * Logs signed objects that are not ledger entries (dues batches, filings) and
 * keeps their JWS in log_objects, from which fsck recomputes their leaves.
 * Returns each object's leaf index. Same rule as appendLeaves: call it last.
 */
export async function appendLogObjects(tx: Tx, objects: readonly LogObject[]): Promise<number[]> {
  const first = await appendLeaves(
    tx,
    objects.map((o) => o.hash),
  );
  await tx
    .insert(logObjects)
    .values(
      objects.map((o, i) => ({ leafIndex: first + i, kind: o.kind, hash: o.hash, jws: o.jws })),
    );
  return objects.map((_, i) => first + i);
}
