import { and, eq } from 'drizzle-orm';
import { hrMoves } from '../../schema/index.ts';
import type { Db } from './db.ts';
import type { HrMoveInsert, HrMoveRow } from './rows.ts';

/** Inserts a move; a repeat of the same (token, reference) returns the move stored first. */
export async function insertHrMove(
  db: Db,
  row: HrMoveInsert,
): Promise<{ row: HrMoveRow; created: boolean }> {
  const inserted = await db.insert(hrMoves).values(row).onConflictDoNothing().returning();
  if (inserted[0]) return { row: inserted[0], created: true };
  const [prior] = await db
    .select()
    .from(hrMoves)
    .where(and(eq(hrMoves.tokenId, row.tokenId), eq(hrMoves.reference, row.reference ?? '')));
  if (!prior) throw new Error('hr move neither inserted nor found');
  return { row: prior, created: false };
}
