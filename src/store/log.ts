import { and, asc, desc, eq, gte, lt, sql } from 'drizzle-orm';
import { logCheckpoints, logCounter, logLeaves, logNodes } from '../../schema/index.ts';
import type { NodeId, NodeReader } from '../crypto/merkle/tree.ts';
import type { StoredNode } from '../crypto/merkle/compact-range.ts';
import { LogIntegrityFault } from '../errors.ts';
import { rowsOf, type Db, type Tx } from './db.ts';
import type { CheckpointRow } from './rows.ts';

// The transparency log's queries: Web-standard only, the same on both drivers.

/** Reads complete-subtree hashes by primary key: one query for a whole proof, O(log n) rows. */
export function nodeReader(db: Db): NodeReader {
  const readNodes = async (ids: readonly NodeId[]): Promise<Uint8Array[]> => {
    if (ids.length === 0) return [];
    // One statement text whatever the number of ids, so the driver prepares it once.
    const levels = `{${ids.map((id) => id.level).join(',')}}`;
    const indexes = `{${ids.map((id) => id.index).join(',')}}`;
    const rows = await db
      .select()
      .from(logNodes)
      .where(
        sql`(${logNodes.level}, ${logNodes.index}) in (select * from unnest(${levels}::smallint[], ${indexes}::bigint[]))`,
      );
    const byKey = new Map(rows.map((r) => [`${r.level}/${r.index}`, r.hash]));
    return ids.map((id) => {
      const h = byKey.get(`${id.level}/${id.index}`);
      if (!h) throw new LogIntegrityFault(`log node ${id.level}/${id.index} is missing`);
      return h;
    });
  };
  return { readNodes, get: async (level, index) => (await readNodes([{ level, index }]))[0]! };
}

/** How many leaves are committed (integrated into checkpoints or not). */
export async function committedSize(db: Db): Promise<number> {
  const [row] = await db.select().from(logCounter).where(eq(logCounter.id, 1));
  return row?.size ?? 0;
}

export async function latestCheckpoint(db: Db): Promise<CheckpointRow | undefined> {
  const [row] = await db.select().from(logCheckpoints).orderBy(desc(logCheckpoints.size)).limit(1);
  return row;
}

export async function leavesBetween(
  db: Db,
  start: number,
  end: number,
): Promise<{ index: number; data: Uint8Array }[]> {
  return db
    .select({ index: logLeaves.index, data: logLeaves.data })
    .from(logLeaves)
    .where(and(gte(logLeaves.index, start), lt(logLeaves.index, end)))
    .orderBy(asc(logLeaves.index));
}

/** Nodes of one level in [start, end), for tiles. */
export async function nodesOfLevel(
  db: Db,
  level: number,
  start: number,
  end: number,
): Promise<{ index: number; hash: Uint8Array }[]> {
  return db
    .select({ index: logNodes.index, hash: logNodes.hash })
    .from(logNodes)
    .where(and(eq(logNodes.level, level), gte(logNodes.index, start), lt(logNodes.index, end)))
    .orderBy(asc(logNodes.index));
}

/**
 * Runs `fn` in a transaction holding the log's integration lock, so only one
 * integrator at a time extends the tree and signs (never two inconsistent
 * checkpoints). Returns undefined when another integrator holds it.
 */
export async function withIntegrationLock<T>(
  db: Db,
  fn: (tx: Tx) => Promise<T>,
): Promise<T | undefined> {
  return db.transaction(async (tx) => {
    const res = await tx.execute(sql`select pg_try_advisory_xact_lock(7263726) as locked`);
    if (!rowsOf<{ locked: boolean }>(res)[0]?.locked) return undefined;
    return fn(tx);
  });
}

export async function storeNodes(tx: Tx | Db, nodes: readonly StoredNode[]): Promise<void> {
  for (let i = 0; i < nodes.length; i += 5000) {
    const batch = nodes.slice(i, i + 5000);
    await tx
      .insert(logNodes)
      .values(batch.map((n) => ({ level: n.level, index: n.index, hash: n.hash })))
      .onConflictDoNothing();
  }
}

export async function storeCheckpoint(
  tx: Tx | Db,
  cp: { size: number; root: Uint8Array; note: string; signedAt?: Date },
): Promise<void> {
  await tx.insert(logCheckpoints).values(cp);
}
