import { eq, sql } from 'drizzle-orm';
import { loginThrottle } from '../../schema/index.ts';
import type { Db } from './db.ts';
import type { ThrottleRow } from './rows.ts';

export async function throttleRows(db: Db, keys: string[]): Promise<ThrottleRow[]> {
  const rows = await Promise.all(
    keys.map((k) => db.select().from(loginThrottle).where(eq(loginThrottle.key, k))),
  );
  return rows.flat();
}

/**
 * Counts one failure atomically: a window older than `windowStart` starts
 * again at 1. Returns the count and window after this failure.
 */
export async function countFailure(
  db: Db,
  key: string,
  now: Date,
  windowStart: Date,
): Promise<ThrottleRow> {
  const [row] = await db
    .insert(loginThrottle)
    .values({ key, failures: 1, windowStart: now })
    .onConflictDoUpdate({
      target: loginThrottle.key,
      set: {
        failures: sql`case when ${loginThrottle.windowStart} < ${windowStart.toISOString()}::timestamptz then 1 else ${loginThrottle.failures} + 1 end`,
        windowStart: sql`case when ${loginThrottle.windowStart} < ${windowStart.toISOString()}::timestamptz then ${now.toISOString()}::timestamptz else ${loginThrottle.windowStart} end`,
      },
    })
    .returning();
  return row!;
}

export async function lockUntil(db: Db, key: string, until: Date): Promise<void> {
  await db.update(loginThrottle).set({ lockedUntil: until }).where(eq(loginThrottle.key, key));
}

export async function clearThrottle(db: Db, key: string): Promise<void> {
  await db.delete(loginThrottle).where(eq(loginThrottle.key, key));
}
