import { and, asc, eq, inArray, lt, or, sql, type SQLWrapper } from 'drizzle-orm';
import { hrMoves, ledgerEntries, members } from '../../schema/index.ts';
import type { EntryClaims, IsoDate } from '../domain/types.ts';
import type { Db } from './db.ts';

// The rows behind an organisation's alerts (src/service/alerts.ts), each
// scoped to a set of org ids (a subtree). SQL only narrows the members to
// those that might raise one; the domain (src/domain/alerts.ts) decides.

/**
 * The ledgers of members that might raise a ledger alert in these orgs: in
 * transit from or (by any transfer_out) to them, or of them with any 证明信 ever
 * issued, or stopped (停止党籍). Entries in seq order, grouped by member.
 */
export async function alertCandidates(db: Db, orgIds: string[]) {
  if (orgIds.length === 0) return [];
  const ids = sql.join(
    orgIds.map((o) => sql`${o}`),
    sql`, `,
  );
  const candidates = db
    .select({ id: members.id })
    .from(members)
    .where(
      or(
        and(
          eq(members.status, 'in_transit'),
          or(
            inArray(members.orgId, orgIds),
            sql`exists (select 1 from ledger_entries t where t.member_id = ${members.id} and t.kind = 'transfer_out' and t.claims->'dat'->>'to' in (${ids}))`,
          ),
        ),
        and(
          inArray(members.orgId, orgIds),
          sql`exists (select 1 from ledger_entries x where x.member_id = ${members.id} and x.kind = 'temp_out')`,
        ),
        and(inArray(members.orgId, orgIds), eq(members.status, 'stopped')),
      ),
    );
  return [...(await ledgersOf(db, candidates)).values()];
}

/**
 * HR moves touching these orgs dated before `movedBefore` (the grace period's
 * pre-filter; src/domain/alerts.ts hrMoveOverdue decides), each with the
 * member its national ID names, if any, and that member's ledger.
 */
export async function hrMoveCandidates(db: Db, orgIds: string[], movedBefore: IsoDate) {
  if (orgIds.length === 0) return [];
  const moves = await db
    .select({
      id: hrMoves.id,
      name: hrMoves.name,
      nationalId: hrMoves.nationalIdMasked,
      from: hrMoves.fromOrg,
      to: hrMoves.toOrg,
      movedOn: hrMoves.movedOn,
      reference: hrMoves.reference,
      memberId: members.id,
    })
    .from(hrMoves)
    .leftJoin(members, eq(members.nationalIdIndex, hrMoves.nationalIdIndex))
    .where(
      and(
        or(inArray(hrMoves.fromOrg, orgIds), inArray(hrMoves.toOrg, orgIds)),
        lt(hrMoves.movedOn, movedBefore),
      ),
    )
    .orderBy(asc(hrMoves.movedOn));
  const ids = [...new Set(moves.flatMap((m) => (m.memberId ? [m.memberId] : [])))];
  const ledgers = await ledgersOf(db, ids);
  return moves.map((m) => ({ ...m, ledger: m.memberId ? ledgers.get(m.memberId) : undefined }));
}

/** The ledgers of these members (ids, or a subquery selecting them), entries in seq order. */
async function ledgersOf(db: Db, ids: string[] | SQLWrapper) {
  const byMember = new Map<string, { claims: EntryClaims; hash: string }[]>();
  if (Array.isArray(ids) && ids.length === 0) return byMember;
  const rows = await db
    .select({
      memberId: ledgerEntries.memberId,
      claims: ledgerEntries.claims,
      hash: ledgerEntries.hash,
    })
    .from(ledgerEntries)
    .where(inArray(ledgerEntries.memberId, ids))
    .orderBy(asc(ledgerEntries.memberId), asc(ledgerEntries.seq));
  for (const r of rows) {
    const list = byMember.get(r.memberId) ?? [];
    list.push({ claims: r.claims as EntryClaims, hash: r.hash });
    byMember.set(r.memberId, list);
  }
  return byMember;
}
