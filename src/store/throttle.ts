import { and, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import { loginThrottle } from '../../schema/index.ts';
import type { Db } from './db.ts';
import type { ThrottleRow } from './rows.ts';

/**
 * Reads the keys' rows locked (FOR UPDATE, in sorted key order so two logins
 * never wait on each other crosswise), lets `decide` look at them, and writes
 * what it returns, all in one transaction: concurrent attempts on a key are
 * decided one after another, each seeing the counts of those before it.
 */
export async function takeAttempts(
  db: Db,
  keys: string[],
  decide: (
    rows: (ThrottleRow | undefined)[],
  ) => { wait: number } | { rows: Omit<ThrottleRow, 'key'>[] },
): Promise<number | undefined> {
  const order = [...keys].sort();
  return db.transaction(async (tx) => {
    await tx
      .insert(loginThrottle)
      .values(order.map((key) => ({ key, failures: 0, windowStart: new Date(0) })))
      .onConflictDoNothing();
    const found = await tx
      .select()
      .from(loginThrottle)
      .where(inArray(loginThrottle.key, order))
      .orderBy(loginThrottle.key)
      .for('update');
    const byKey = new Map(found.map((r) => [r.key, r]));
    // A row just inserted (window at the epoch, nothing counted) is a key seen for the first time.
    const rows = keys.map((k) => {
      const r = byKey.get(k);
      return r && r.failures === 0 && r.windowStart.getTime() === 0 ? undefined : r;
    });
    const d = decide(rows);
    if ('wait' in d) return d.wait;
    for (const [i, key] of keys.entries())
      await tx
        .update(loginThrottle)
        .set(d.rows[i]!)
        .where(sql`${loginThrottle.key} = ${key}`);
    return undefined;
  });
}

/** Deletes the `clear` keys and takes one attempt back from each `refund` key. */
export async function refundAttempts(
  db: Db,
  keys: { clear: string[]; refund: string[] },
): Promise<void> {
  if (keys.clear.length)
    await db.delete(loginThrottle).where(inArray(loginThrottle.key, keys.clear));
  if (keys.refund.length)
    await db
      .update(loginThrottle)
      .set({ failures: sql`greatest(${loginThrottle.failures} - 1, 0)` })
      .where(inArray(loginThrottle.key, keys.refund));
}

/** Forgets keys that have been at rest since `before` (nothing counted recently, no delay running). */
export async function purgeThrottle(db: Db, before: Date): Promise<void> {
  await db
    .delete(loginThrottle)
    .where(
      and(
        lt(loginThrottle.windowStart, before),
        or(isNull(loginThrottle.lockedUntil), lt(loginThrottle.lockedUntil, before)),
      ),
    );
}
