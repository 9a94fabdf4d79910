/**
 * 党费: the template of a branch-month and its recording as one signed batch.
 * The domain checks the rows (dues-record.ts) and computes `due`
 * (dues-standing.ts); this file puts that together with the key, the store
 * and the log.
 */
import { signDuesBatch } from '../crypto/dues-batch.ts';
import {
  batchIdOf,
  formatYuan,
  isMonth,
  monthOfNow,
  shiftMonth,
  standardDues,
  type Month,
  type PlacedLine,
} from '../domain/dues.ts';
import { exemptFromEntries, NONE_EXEMPT, type Exempt } from '../domain/dues-exempt.ts';
import { DUES_KIND_LABELS, planDues, type DuesRow, type RowError } from '../domain/dues-record.ts';
import {
  duesAlerts,
  duesStanding,
  duesThrough,
  effectiveMonths,
  type DuesLevel,
} from '../domain/dues-standing.ts';
import type { DuesKind } from '../domain/rules.ts';
import { InvalidInput, InvalidRows, LedgerConflict, NotFound } from '../errors.ts';
import {
  batchesOf,
  duesMembersIn,
  duesMembersOf,
  insertDuesBatch,
  linesOfMembers,
  nextBatchNo,
  statusEntriesOf,
  type BatchSummary,
  type DuesMemberRow,
} from '../store/dues.ts';
import { accountNames } from '../store/web.ts';
import { getOrg } from '../store/queries.ts';
import type { ServiceDeps } from './deps.ts';
import { signerFor } from './keys.ts';
import type { Actor } from './members.ts';

/** One row of the template: what the officer sees and edits, money in 元 with two decimals. */
export interface DuesTemplateRow {
  member: string;
  name: string;
  month: Month;
  /** 在职 · 离退休 · 学生 · 低收入, or blank when never declared */
  kind: string;
  base: string;
  standard: string;
  amount: string;
  replaces: string;
}

function checkMonth(month: string): Month {
  if (!isMonth(month)) throw new InvalidInput('month', 'month must be YYYY-MM');
  return month;
}

async function checkOrg(deps: ServiceDeps, org: string): Promise<void> {
  if (!(await getOrg(deps.db, org))) throw new NotFound('organisation', org, 'org');
}

/**
 * The prefilled table of a branch-month: every member whose relationship the
 * org holds and who has not paid that month, with their declared base and
 * kind and the standard amount as the amount paid (edit it, blank it for
 * unpaid; add rows for back-payments).
 * @example const rows = await duesTemplate(deps, 'b1', '2026-07');
 */
export async function duesTemplate(
  deps: ServiceDeps,
  org: string,
  month: string,
): Promise<DuesTemplateRow[]> {
  const m = checkMonth(month);
  await checkOrg(deps, org);
  const people = await duesMembersOf(deps.db, org);
  const months = effectiveMonths(
    await linesOfMembers(
      deps.db,
      people.map((p) => p.id),
    ),
  );
  const paid = new Set((months.get(m) ?? []).filter((l) => l.amount > 0).map((l) => l.member));
  return people.filter((p) => !paid.has(p.id)).map((p) => templateRow(p, m));
}

function templateRow(p: DuesMemberRow, month: Month): DuesTemplateRow {
  const kind = p.kind ?? null;
  const std = kind && p.baseFen !== null ? standardDues(p.baseFen, kind) : null;
  return {
    member: p.id,
    name: p.name,
    month,
    kind: kind ? DUES_KIND_LABELS[kind] : '',
    base: p.baseFen !== null && std && std.rate > 0 ? formatYuan(p.baseFen) : '',
    standard: std ? formatYuan(std.amount) : '',
    amount: std ? formatYuan(std.amount) : '',
    replaces: '',
  };
}

export interface RecordDuesInput {
  org: string;
  month: string;
  rows: readonly DuesRow[];
  /** record the valid rows and report the others, instead of recording nothing */
  skipInvalid?: boolean;
}

export interface RecordDuesResult {
  batch: string | null;
  hash: string | null;
  leafIndex: number | null;
  lines: number;
  totalFen: number;
  signatures: number;
  /** the rows refused (only with skipInvalid; otherwise InvalidRows is thrown) */
  skipped: RowError[];
}

/**
 * Records a branch-month: checks every row (InvalidRows, nothing recorded,
 * when any is wrong unless `skipInvalid`), signs ONE batch over all lines with
 * the org's key, and stores it with its log leaf. `dues_through` of each
 * member is updated in the same transaction; the credential that states it is
 * re-issued lazily, on the member's next fetch (see credential-refresh.ts).
 * @example await recordDues(deps, { org: 'b1', month: '2026-07', rows }, { org: 'b1', officer: 'acc-1' });
 */
export async function recordDues(
  deps: ServiceDeps,
  input: RecordDuesInput,
  actor: Actor,
): Promise<RecordDuesResult> {
  const month = checkMonth(input.month);
  await checkOrg(deps, input.org);
  for (let attempt = 0; ; attempt++) {
    try {
      return await recordOnce(deps, { ...input, month }, actor);
    } catch (err) {
      // Another officer recorded the same branch-month meanwhile: re-check against theirs once.
      if (!(err instanceof LedgerConflict) || attempt > 0) throw err;
    }
  }
}

async function recordOnce(
  deps: ServiceDeps,
  input: RecordDuesInput & { month: Month },
  actor: Actor,
): Promise<RecordDuesResult> {
  const now = deps.now();
  const people = await duesMembersOf(deps.db, input.org);
  const byId = new Map(people.map((p) => [p.id, { id: p.id, org: p.orgId, status: p.status }]));
  const existing = await linesOfMembers(deps.db, [...byId.keys()]);
  const plan = planDues(input.rows, {
    org: input.org,
    month: input.month,
    current: monthOfNow(now),
    members: byId,
    existing,
    rules: deps.rules,
  });
  if (plan.errors.length > 0 && !input.skipInvalid) throw new InvalidRows(plan.errors);
  const none = { batch: null, hash: null, leafIndex: null, lines: 0, totalFen: 0, signatures: 0 };
  if (plan.lines.length === 0) {
    if (plan.errors.length > 0) return { ...none, skipped: plan.errors };
    throw new InvalidInput('rows', 'nothing to record: the table has no rows');
  }
  const lines = plan.lines.map(({ row: _row, ...l }) => l);
  const n = await nextBatchNo(deps.db, input.org, input.month);
  const signer = await signerFor(deps, input.org, now);
  const batch = await signDuesBatch(
    { iss: input.org, mon: input.month, n, act: actor.officer, iat: now },
    lines,
    signer,
  );
  const priors = new Map(people.map((p) => [p.id, p.duesThrough]));
  const exemptOf = await exemptionsOf(deps, [...new Set(lines.map((l) => l.member))]);
  const profiles = new Map<string, { memberId: string; baseFen: number; kind: DuesKind }>();
  for (const l of lines)
    if (l.month === input.month || !profiles.has(l.member))
      profiles.set(l.member, { memberId: l.member, baseFen: l.base, kind: l.kind });
  const { leafIndex } = await insertDuesBatch(deps.db, {
    batch,
    lines,
    profiles: [...profiles.values()],
    through: (all) => {
      const out = new Map<string, Month | null>();
      for (const id of new Set(lines.map((l) => l.member))) {
        // A stored month before the record's first (the paper letter's "已交到") stands while
        // the record's first month is unpaid; one inside the record is recomputed.
        out.set(
          id,
          duesThrough(
            all.filter((l) => l.member === id),
            priors.get(id) ?? null,
            exemptOf(id),
          ),
        );
      }
      return out;
    },
  });
  return {
    batch: batchIdOf(input.org, input.month, n),
    hash: batch.hash,
    leafIndex,
    lines: lines.length,
    totalFen: batch.claims.sum,
    signatures: 1,
    skipped: plan.errors,
  };
}

/**
 * The dues standings of the members whose relationship `orgIds` hold, for
 * the annual filing (computeFigures' `dues`, domain/indicators.ts): per
 * member the consecutive unpaid months up to the cut-off month and the fen
 * collected for months of the year. Undefined when no dues are recorded there,
 * so the filing says "not recorded" instead of counting zeros.
 * @example await computeFigures(deps, 'c1', 2026, { dues: await duesStandingsFor(deps, subtree, 2026) })
 */
export async function duesStandingsFor(
  deps: Pick<ServiceDeps, 'db' | 'rules'>,
  orgIds: readonly string[],
  year: number,
): Promise<{ member: string; unpaidMonths: number; collectedFen: number }[] | undefined> {
  const people = await duesMembersIn(deps.db, orgIds);
  const lines = await linesOfMembers(
    deps.db,
    people.map((p) => p.id),
  );
  if (lines.length === 0) return undefined;
  const exemptOf = await exemptionsOf(
    deps,
    people.map((p) => p.id),
  );
  const byMember = new Map<string, typeof lines>();
  for (const l of lines) byMember.set(l.member, [...(byMember.get(l.member) ?? []), l]);
  return people.map((p) =>
    duesStandingOfYear(deps.rules, byMember.get(p.id) ?? [], p.id, year, exemptOf(p.id)),
  );
}

/**
 * A member's dues for the filing of `year`, from their lines and the months
 * they owe nothing (`exempt`): the consecutive unpaid months up to the cut-off
 * month, and the fen collected for months of the year.
 * @example duesStandingOfYear(deps.rules, lines, 'm1', 2026, NONE_EXEMPT) // { member: 'm1', unpaidMonths: 0, collectedFen: 48000 }
 */
export function duesStandingOfYear(
  rules: ServiceDeps['rules'],
  lines: readonly PlacedLine[],
  member: string,
  year: number,
  exempt: Exempt,
): { member: string; unpaidMonths: number; collectedFen: number } {
  const cutoff = `${year}-${rules.statisticsCutoff.slice(0, 2)}`;
  const s = duesStanding(lines, member, cutoff, { from: `${year}-01`, rules, exempt });
  return { member, unpaidMonths: s.run, collectedFen: s.collectedFen };
}

/** A recorded batch as the dues page lists it: who recorded it by name, money in 元. */
export interface DuesBatchView extends Omit<BatchSummary, 'issuedAt'> {
  issuedAt: string;
  actorName: string;
  total: string;
}

/**
 * The batches `org` recorded, newest first, with the recording officer's name.
 * @example (await duesBatchesOf(deps, 'b1'))[0].id // 'b1/2026-07/1'
 */
export async function duesBatchesOf(
  deps: Pick<ServiceDeps, 'db'>,
  org: string,
  limit = 50,
): Promise<DuesBatchView[]> {
  const rows = await batchesOf(deps.db, org, limit);
  const names = await accountNames(
    deps.db,
    rows.map((r) => r.actor),
  );
  return rows.map((r) => ({
    ...r,
    issuedAt: r.issuedAt.toISOString(),
    actorName: names.get(r.actor) ?? r.actor,
    total: formatYuan(r.totalFen),
  }));
}

/** A member's dues as their page shows them: paid through, and the current unpaid run. */
export interface MemberDuesStanding {
  due: Month | null;
  /** the last month that has ended (months count once over) */
  cutoff: Month;
  /** consecutive unpaid months ending at `cutoff` */
  run: number;
  /** none: no dues recorded for the member yet */
  level: DuesLevel | 'none';
}

/**
 * The member's standing by the same rule as the dashboard's alerts
 * (domain duesAlerts: a warning after rules.duesWarnMonths unpaid months, the
 * 党章 art. 9 case after rules.duesLapseMonths in a row).
 * @example (await memberDuesStanding(deps, 'm1')).level // 'warn'
 */
export async function memberDuesStanding(
  deps: Pick<ServiceDeps, 'db' | 'rules' | 'now'>,
  member: string,
  prior: Month | null = null,
): Promise<MemberDuesStanding> {
  const lines = await linesOfMembers(deps.db, [member]);
  const cutoff = shiftMonth(monthOfNow(deps.now()), -1);
  const exemptOf = await exemptionsOf(deps, [member]);
  const s = duesStanding(lines, member, cutoff, {
    rules: deps.rules,
    prior,
    exempt: exemptOf(member),
  });
  if (lines.length === 0) return { due: s.due, cutoff, run: 0, level: 'none' };
  const [alert] = duesAlerts(lines, [member], cutoff, deps.rules, exemptOf);
  return { due: s.due, cutoff, run: s.run, level: alert?.level ?? 'ok' };
}

/** The members whose relationship `org` holds, by name (the dues page's back-payment choices). */
export async function duesRosterOf(
  deps: Pick<ServiceDeps, 'db'>,
  org: string,
): Promise<{ id: string; name: string }[]> {
  return (await duesMembersOf(deps.db, org)).map((p) => ({ id: p.id, name: p.name }));
}

/**
 * Per member, the months they owe nothing (wholly inside a 停止党籍), read
 * by the domain from their status entries: `(await exemptionsOf(deps, ['m1']))('m1')('2026-04')`.
 */
export async function exemptionsOf(
  deps: Pick<ServiceDeps, 'db'>,
  memberIds: readonly string[],
): Promise<(member: string) => Exempt> {
  const entries = await statusEntriesOf(deps.db, memberIds);
  const byMember = new Map([...entries].map(([id, es]) => [id, exemptFromEntries(es)]));
  return (member) => byMember.get(member) ?? NONE_EXEMPT;
}
