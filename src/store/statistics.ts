import { and, asc, gt, inArray, lte, or, sql } from 'drizzle-orm';
import { ledgerEntries, logCheckpoints, members } from '../../schema/index.ts';
import type { MemberHistory } from '../domain/indicators.ts';
import type { EntryClaims } from '../domain/types.ts';
import type { Db } from './db.ts';

/**
 * The members whose ledgers can touch a subtree's statistics, with their
 * entries up to `until` (seq order) and `leafBelow` when given (only entries
 * already in a checkpoint of that size). SQL only pre-filters: a member enters
 * a subtree by an enrolment there or an arrival there (which follows a
 * transfer_out naming it), and leaves it only after one of those, so the
 * members with such an entry are a superset; which of them count, and how,
 * is `computeIndicators`' decision.
 */
export async function historiesTouching(
  db: Db,
  orgIds: readonly string[],
  until?: Date,
  leafBelow?: number,
): Promise<MemberHistory[]> {
  if (orgIds.length === 0) return [];
  const ids = [...orgIds];
  const touching = membersTouching(db, ids);
  const rows = await db
    .select({
      id: ledgerEntries.memberId,
      claims: ledgerEntries.claims,
      leafIndex: ledgerEntries.leafIndex,
      gender: members.gender,
      ethnicity: members.ethnicity,
      birthDate: members.birthDate,
      cadre: members.cadre,
    })
    .from(ledgerEntries)
    .innerJoin(members, sql`${members.id} = ${ledgerEntries.memberId}`)
    .where(
      and(
        inArray(ledgerEntries.memberId, touching),
        until === undefined ? undefined : lte(ledgerEntries.issuedAt, until),
        leafBelow === undefined ? undefined : sql`${ledgerEntries.leafIndex} < ${leafBelow}`,
      ),
    )
    .orderBy(asc(ledgerEntries.memberId), asc(ledgerEntries.seq));
  const out: MemberHistory[] = [];
  for (const r of rows) {
    let last = out.at(-1);
    if (last === undefined || last.id !== r.id) {
      const profile = {
        gender: r.gender,
        ethnicity: r.ethnicity,
        birthDate: String(r.birthDate),
        cadre: r.cadre,
      };
      last = { id: r.id, entries: [], profile };
      out.push(last);
    }
    (last.entries as EntryClaims[]).push(r.claims);
  }
  return out;
}

/**
 * Entries dated on or before `until` whose log leaf lies at or beyond
 * `size`: entered after a checkpoint of that size was signed, yet dated
 * before the cut-off it covered — backdated, from that checkpoint's view.
 */
export async function entriesLoggedAfter(
  db: Db,
  orgIds: readonly string[],
  until: Date,
  size: number,
) {
  if (orgIds.length === 0) return [];
  return db
    .select({
      member: ledgerEntries.memberId,
      seq: ledgerEntries.seq,
      kind: ledgerEntries.kind,
      org: ledgerEntries.orgId,
      issuedAt: ledgerEntries.issuedAt,
      leafIndex: ledgerEntries.leafIndex,
      hash: ledgerEntries.hash,
    })
    .from(ledgerEntries)
    .where(
      and(
        lte(ledgerEntries.issuedAt, until),
        sql`${ledgerEntries.leafIndex} >= ${size}`,
        inArray(ledgerEntries.memberId, membersTouching(db, orgIds)),
      ),
    )
    .orderBy(asc(ledgerEntries.leafIndex));
}

/**
 * Candidates for backdating by the log's clock: the subtree's entries dated in (`from`, `until`]
 * with, for each, the first checkpoint signed more than `graceS` after its date, when that
 * checkpoint's tree does not contain it. Pre-selected on the stored `signed_at`; the caller decides
 * on the signed time in the note (isBackdatedAgainst).
 */
export async function entriesBehindTimedCheckpoints(
  db: Db,
  orgIds: readonly string[],
  period: { from: Date; until: Date },
  graceS: number,
) {
  if (orgIds.length === 0) return [];
  const first = firstCheckpointAfterEntry(db, graceS);
  return db
    .select({
      member: ledgerEntries.memberId,
      seq: ledgerEntries.seq,
      kind: ledgerEntries.kind,
      org: ledgerEntries.orgId,
      issuedAt: ledgerEntries.issuedAt,
      leafIndex: ledgerEntries.leafIndex,
      checkpointSize: first.size,
      checkpointNote: first.note,
    })
    .from(ledgerEntries)
    .innerJoinLateral(first, sql`true`)
    .where(
      and(
        gt(ledgerEntries.issuedAt, period.from),
        lte(ledgerEntries.issuedAt, period.until),
        sql`${ledgerEntries.leafIndex} >= ${first.size}`,
        inArray(ledgerEntries.memberId, membersTouching(db, orgIds)),
      ),
    )
    .orderBy(asc(ledgerEntries.leafIndex));
}

/**
 * The checkpoints the offline audit applies the timed rule against: for each of the subtree's
 * entries dated in (`from`, `until`], the first checkpoint signed more than `graceS` after its
 * date, whether or not it contains the entry (the auditor decides that), once each, smaller than
 * `below` (the filing's checkpoint: an entry beyond it is the other rule's).
 */
export async function timedCheckpointsOf(
  db: Db,
  orgIds: readonly string[],
  period: { from: Date; until: Date },
  graceS: number,
  below: number,
): Promise<{ size: number; note: string }[]> {
  if (orgIds.length === 0) return [];
  const first = firstCheckpointAfterEntry(db, graceS);
  return db
    .selectDistinct({ size: first.size, note: first.note })
    .from(ledgerEntries)
    .innerJoinLateral(first, sql`true`)
    .where(
      and(
        gt(ledgerEntries.issuedAt, period.from),
        lte(ledgerEntries.issuedAt, period.until),
        sql`${first.size} < ${below}`,
        inArray(ledgerEntries.memberId, membersTouching(db, orgIds)),
      ),
    )
    .orderBy(asc(first.size));
}

/** For the ledger entry of the outer query: the first checkpoint signed more than `graceS` after its date. */
function firstCheckpointAfterEntry(db: Db, graceS: number) {
  return db
    .select({ size: logCheckpoints.size, note: logCheckpoints.note })
    .from(logCheckpoints)
    .where(
      sql`${logCheckpoints.signedAt} > ${ledgerEntries.issuedAt} + make_interval(secs => ${graceS})`,
    )
    .orderBy(asc(logCheckpoints.signedAt))
    .limit(1)
    .as('cp');
}

/** Members with an enrolment in, or a transfer from or to, one of `ids` (see historiesTouching). */
function membersTouching(db: Db, ids: readonly string[]) {
  const dat = (field: string) => sql`${ledgerEntries.claims}->'dat'->>${field}`;
  return db
    .selectDistinct({ id: ledgerEntries.memberId })
    .from(ledgerEntries)
    .where(
      or(
        and(sql`${ledgerEntries.kind} = 'enroll'`, inArray(dat('org'), [...ids])),
        and(
          sql`${ledgerEntries.kind} = 'transfer_out'`,
          or(inArray(dat('to'), [...ids]), inArray(dat('from'), [...ids])),
        ),
      ),
    );
}
