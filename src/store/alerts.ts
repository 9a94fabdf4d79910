import { and, asc, eq, inArray, lt, or, sql } from 'drizzle-orm';
import { hrMoves, ledgerEntries, members } from '../../schema/index.ts';
import type { IsoDate } from '../domain/types.ts';
import type { Db } from './db.ts';

// The queries behind an organisation's alerts (src/service/alerts.ts), each
// scoped to a set of org ids (a subtree). Kept in SQL so that an installation
// with many members reads only the rows that are alerts.

const dat = (field: string) => sql.raw(`${'"ledger_entries"."claims"'}->'dat'->>'${field}'`);

/** Members in transit, with their open transfer: from (= their org until arrival), to, deadline. */
export async function transfersInTransit(db: Db, orgIds: string[]) {
  if (orgIds.length === 0) return [];
  return db
    .select({
      id: members.id,
      name: members.name,
      from: members.orgId,
      seq: ledgerEntries.seq,
      to: sql<string>`${dat('to')}`,
      deadline: sql<number>`(${dat('deadline')})::bigint`.mapWith(Number),
    })
    .from(members)
    .innerJoin(
      ledgerEntries,
      and(
        eq(ledgerEntries.memberId, members.id),
        eq(ledgerEntries.kind, 'transfer_out'),
        eq(
          ledgerEntries.seq,
          sql`(select max(x.seq) from ledger_entries x where x.member_id = ${members.id} and x.kind = 'transfer_out')`,
        ),
      ),
    )
    .where(
      and(
        eq(members.status, 'in_transit'),
        or(inArray(members.orgId, orgIds), inArray(dat('to'), orgIds)),
      ),
    )
    .orderBy(asc(sql`(${dat('deadline')})::bigint`));
}

/** 证明信 still out after their end date (`until` before `today`). */
export async function overdueTemps(db: Db, orgIds: string[], today: IsoDate) {
  if (orgIds.length === 0) return [];
  return db
    .select({
      id: members.id,
      name: members.name,
      org: members.orgId,
      seq: ledgerEntries.seq,
      until: sql<string>`${dat('until')}`,
      to: sql<string | null>`${dat('to')}`,
    })
    .from(ledgerEntries)
    .innerJoin(members, eq(members.id, ledgerEntries.memberId))
    .where(
      and(
        eq(ledgerEntries.kind, 'temp_out'),
        inArray(members.orgId, orgIds),
        sql`${dat('until')} < ${today}`,
        sql`not exists (select 1 from ledger_entries r where r.member_id = ${ledgerEntries.memberId} and r.kind = 'temp_return' and (r.claims->'dat'->>'temp')::int = ${ledgerEntries.seq})`,
      ),
    )
    .orderBy(asc(dat('until')));
}

/**
 * HR moves touching these orgs, dated before `movedBefore`, with no
 * transfer_out of that person signed since `days` before the move.
 */
export async function unmatchedHrMoves(
  db: Db,
  orgIds: string[],
  movedBefore: IsoDate,
  days: number,
) {
  if (orgIds.length === 0) return [];
  return db
    .select({
      id: hrMoves.id,
      name: hrMoves.name,
      nationalId: hrMoves.nationalIdMasked,
      from: hrMoves.fromOrg,
      to: hrMoves.toOrg,
      movedOn: hrMoves.movedOn,
      reference: hrMoves.reference,
      memberId: members.id,
      memberName: members.name,
      memberOrg: members.orgId,
    })
    .from(hrMoves)
    .leftJoin(members, eq(members.nationalIdIndex, hrMoves.nationalIdIndex))
    .where(
      and(
        or(inArray(hrMoves.fromOrg, orgIds), inArray(hrMoves.toOrg, orgIds)),
        lt(hrMoves.movedOn, movedBefore),
        sql`not exists (select 1 from ledger_entries t where t.member_id = ${members.id} and t.kind = 'transfer_out' and t.issued_at >= (${hrMoves.movedOn} - ${days}::int)::timestamptz)`,
      ),
    )
    .orderBy(asc(hrMoves.movedOn));
}
