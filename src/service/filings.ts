/**
 * The annual filing workflow over the store: each step is decided by the
 * domain (`decideFile`, `decideReview`, `decideExempt`), signed by the acting
 * org's key and appended — its JWS to the transparency log (appendLogObjects)
 * and its claims to annual_filings — in one transaction, so a step is never
 * recorded without its leaf, nor logged without its row.
 */
import { signFiling, type FilingClaims, type SignedFiling } from '../crypto/filing.ts';
import {
  decideExempt,
  decideFile,
  decideReview,
  filesFor,
  filingStatus,
  isLate,
  isSettled,
  type FilingCover,
  type FilingEvent,
  type FilingExplanations,
  type FilingNameLists,
  type FilingStatus,
} from '../domain/filing.ts';
import { figuresOf, periodOf, type Figures, type Indicators } from '../domain/indicators.ts';
import type { OrgNode, OrgTree } from '../domain/types.ts';
import { InvalidInput, NotFound, RuleViolation } from '../errors.ts';
import { filingRows, filingRowsOver, insertFiling, type FilingRow } from '../store/filings.ts';
import { appendLogObjects } from '../store/leaves.ts';
import { loadTree } from '../store/queries.ts';
import type { ServiceDeps } from './deps.ts';
import { signerFor } from './keys.ts';
import { freshCheckpoint, integrate } from './log.ts';
import { computeFigures, type ComputeOptions } from './statistics.ts';

/**
 * Whether `node` files for `year` (domain `filesFor`): not a 党小组, and not dissolved by the
 * year's cut-off — a dissolved org still files for the years before.
 */
export const filesAnnually = (
  deps: Pick<ServiceDeps, 'rules'>,
  node: OrgNode,
  year: number,
): boolean => filesFor(node, periodOf(year, deps.rules.statisticsCutoff).until);

/** The orgs directly below `org` that file to it for `year`. */
export function filingChildren(
  deps: Pick<ServiceDeps, 'rules'>,
  tree: OrgTree,
  org: string,
  year: number,
): OrgNode[] {
  return [...tree.values()].filter((n) => n.parent === org && filesAnnually(deps, n, year));
}

export function eventOf(row: FilingRow): FilingEvent {
  const c = row.claims;
  const base = { hash: row.hash, iat: c.iat, by: c.iss };
  switch (c.knd) {
    case 'filed':
      return { ...base, knd: 'filed', ver: c.ver, figures: c.fig };
    case 'accepted':
      return { ...base, knd: 'accepted', ver: c.ver };
    case 'returned':
      return { ...base, knd: 'returned', ver: c.ver, reason: c.reason };
    case 'exempted':
      return { ...base, knd: 'exempted', reason: c.reason, late: c.late };
    case 'extended':
      return { ...base, knd: 'extended', until: c.until, reason: c.reason };
  }
}

export interface FilingPicture {
  tree: OrgTree;
  rows: FilingRow[];
  statusOf(org: string): FilingStatus;
  /** The orgs that file to `org` for the picture's year. */
  childrenOf(org: string): OrgNode[];
}

/** The statuses of `org` and its filing children for `year`, from one read. */
export async function filingPicture(
  deps: Pick<ServiceDeps, 'db' | 'rules'>,
  org: string,
  year: number,
): Promise<FilingPicture> {
  const tree = await loadTree(deps.db);
  if (!tree.has(org)) throw new NotFound('organisation', org, 'org');
  const childrenOf = (id: string) => filingChildren(deps, tree, id, year);
  const children = childrenOf(org);
  const grandchildren = children.flatMap((c) => childrenOf(c.id).map((g) => g.id));
  const rows = await filingRows(
    deps.db,
    [org, ...children.map((c) => c.id), ...grandchildren],
    year,
  );
  const eventsOf = (id: string) => rows.filter((r) => r.orgId === id).map(eventOf);
  const statuses = new Map<string, FilingStatus>();
  const statusOf = (id: string): FilingStatus => {
    let s = statuses.get(id);
    if (s === undefined) {
      // A grandchild's own children are not read: what matters here is whether it is settled.
      const kids = childrenOf(id);
      const done = kids.every((k) => isSettled(filingStatus(eventsOf(k.id), true)));
      s = filingStatus(eventsOf(id), done);
      statuses.set(id, s);
    }
    return s;
  };
  return { tree, rows, statusOf, childrenOf };
}

/** One year of an org's filed figures, for the page's trend over the years. */
export interface TrendYear {
  year: number;
  /** The newest version filed that year (null: nothing filed). */
  state: FilingStatus['state'] | null;
  closing: number | null;
  onTimeRate: number | null;
  returnRate: number | null;
}

/**
 * The figures `org` filed (its newest version, accepted or not) for the
 * `span` years up to `year`, oldest first: the trend the 年报 page draws.
 * @example (await filingTrend(deps, 'b1', 2026))[4] // { year: 2026, state: 'accepted', onTimeRate: 0.8, … }
 */
export async function filingTrend(
  deps: Pick<ServiceDeps, 'db'>,
  org: string,
  year: number,
  span = 5,
): Promise<TrendYear[]> {
  const from = year - span + 1;
  const rows = await filingRowsOver(deps.db, org, from, year);
  return Array.from({ length: span }, (_, i) => {
    const events = rows.filter((r) => r.year === from + i).map(eventOf);
    const s = filingStatus(events, true);
    const f = s.figures;
    return {
      year: from + i,
      state: f ? s.state : null,
      closing: f?.balance.closing ?? null,
      onTimeRate: f?.transfers.onTimeRate ?? null,
      returnRate: f?.temps.returnRate ?? null,
    };
  });
}

/** Last year's closing count as filed and accepted (or at least filed), if any. */
export async function lastClosing(deps: Pick<ServiceDeps, 'db'>, org: string, year: number) {
  const rows = await filingRows(deps.db, [org], year - 1);
  const s = filingStatus(rows.map(eventOf), true);
  return s.figures?.balance.closing;
}

/**
 * `org`'s figures for `year` by the filing rule (table 1): the opening is last
 * year's filed closing when there is one, else the recount. The one place that
 * pairs lastClosing with computeFigures, for filing, checking, exporting and the CLI.
 * @example const { figures, lastClosing } = await figuresForFiling(deps, 'b1', 2026)
 */
export async function figuresForFiling(
  deps: Pick<ServiceDeps, 'db' | 'rules'>,
  org: string,
  year: number,
  opts: Omit<ComputeOptions, 'openingOverride'> = {},
): Promise<{ figures: Indicators; lastClosing: number | undefined }> {
  const opening = await lastClosing(deps, org, year);
  const figures = await computeFigures(deps, org, year, {
    ...opts,
    ...(opening !== undefined ? { openingOverride: opening } : {}),
  });
  return { figures, lastClosing: opening };
}

export interface FileInput {
  org: string;
  year: number;
  officer: string;
  cover: FilingCover;
  explanations?: FilingExplanations;
  nameLists?: FilingNameLists;
}

/**
 * 上报: computes the org's figures as of the newest checkpoint, checks them
 * (domain `decideFile`) and the sums over the children's accepted filings,
 * signs and logs the filing.
 * @example await fileAnnual(deps, { org: 'b1', year: 2026, officer, cover })
 */
export async function fileAnnual(deps: ServiceDeps, input: FileInput): Promise<SignedFiling> {
  const { org, year } = input;
  const cutoff = periodOf(year, deps.rules.statisticsCutoff).until;
  if (deps.now() <= cutoff) {
    throw new RuleViolation(
      'BEFORE_CUTOFF',
      `the ${year} figures can be filed only after the cut-off`,
    );
  }
  const picture = await filingPicture(deps, org, year);
  const status = picture.statusOf(org);
  const children = picture.childrenOf(org).map((c) => ({
    org: c.id,
    status: picture.statusOf(c.id),
  }));
  // Integrate first: the filing counts everything acknowledged before it, not a checkpoint seconds old.
  const checkpoint = (await integrate(deps)) ?? (await freshCheckpoint(deps));
  const { figures, lastClosing: opening } = await figuresForFiling(deps, org, year, {
    asOfLeaf: checkpoint.size,
  });
  const explanations = input.explanations ?? {};
  const { ver } = decideFile({
    status,
    children,
    figures,
    ...(opening !== undefined ? { lastClosing: opening } : {}),
    explanations,
    nameLists: input.nameLists ?? {},
    largeChange: deps.rules.filingLargeChange,
  });
  const kids = children
    .filter((c) => c.status.state === 'accepted')
    .map((c) => ({ org: c.org, hash: c.status.filedHash!, figures: c.status.figures! }));
  checkSums(figures, kids, explanations);
  const claims: FilingClaims = {
    knd: 'filed',
    iss: org,
    act: input.officer,
    iat: deps.now(),
    org,
    year,
    ver,
    fig: figuresOf(figures),
    kids: kids.map(({ org: o, hash }) => ({ org: o, hash })),
    cp: checkpoint.note,
    cover: input.cover,
    ...(Object.keys(explanations).length > 0 ? { exp: explanations } : {}),
    ...(input.nameLists && Object.keys(input.nameLists).length > 0
      ? { names: input.nameLists }
      : {}),
  };
  return record(deps, claims, org);
}

/**
 * The consolidation rule: the org's closing count is its own direct members
 * plus its accepted children's closings. A child filed against an earlier
 * checkpoint may lag behind the ledger; the difference must be explained.
 */
function checkSums(
  figures: Figures,
  kids: readonly { org: string; figures: Figures }[],
  explanations: FilingExplanations,
): void {
  const sum = kids.reduce((n, k) => n + k.figures.balance.closing, figures.directMembers);
  const covered = kids.length > 0;
  if (covered && sum !== figures.balance.closing && !explanations.consolidation?.trim()) {
    throw new RuleViolation(
      'SUMS_DIFFER',
      `closing ${figures.balance.closing} ≠ direct members ${figures.directMembers} + children's accepted closings (${sum}): explain it`,
      'explanations.consolidation',
    );
  }
}

export interface ReviewInput {
  child: string;
  year: number;
  action: 'accepted' | 'returned';
  reason?: string;
  officer: string;
}

/** 接收 / 退回 by the child's parent, of the child's newest filed version. */
export async function reviewFiling(deps: ServiceDeps, input: ReviewInput): Promise<SignedFiling> {
  const { parent, status } = await childContext(deps, input.child, input.year);
  const { ver } = decideReview(status, input.action, input.reason);
  const base = {
    iss: parent,
    act: input.officer,
    iat: deps.now(),
    org: input.child,
    year: input.year,
  };
  const claims: FilingClaims =
    input.action === 'accepted'
      ? { ...base, knd: 'accepted', ver, ref: status.filedHash! }
      : { ...base, knd: 'returned', ver, ref: status.filedHash!, reason: input.reason!.trim() };
  return record(deps, claims, parent);
}

/** The parent exempts a child for the year (or lets it be late), with a reason. */
export async function exemptFiling(
  deps: ServiceDeps,
  input: { child: string; year: number; reason: string; late: boolean; officer: string },
): Promise<SignedFiling> {
  const { parent, status } = await childContext(deps, input.child, input.year);
  decideExempt(status, input.reason);
  const claims: FilingClaims = {
    knd: 'exempted',
    iss: parent,
    act: input.officer,
    iat: deps.now(),
    org: input.child,
    year: input.year,
    reason: input.reason.trim(),
    late: input.late,
  };
  return record(deps, claims, parent);
}

/** The parent grants a child a time-boxed exception to the deadline. */
export async function extendFiling(
  deps: ServiceDeps,
  input: { child: string; year: number; until: string; reason: string; officer: string },
): Promise<SignedFiling> {
  const { parent } = await childContext(deps, input.child, input.year);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.until)) {
    throw new InvalidInput('until', 'the extension ends on a date written YYYY-MM-DD');
  }
  if (!input.reason.trim())
    throw new RuleViolation('REASON_REQUIRED', 'an extension says why', 'reason');
  const claims: FilingClaims = {
    knd: 'extended',
    iss: parent,
    act: input.officer,
    iat: deps.now(),
    org: input.child,
    year: input.year,
    until: input.until,
    reason: input.reason.trim(),
  };
  return record(deps, claims, parent);
}

async function childContext(deps: ServiceDeps, child: string, year: number) {
  const tree = await loadTree(deps.db);
  const node = tree.get(child);
  if (node === undefined) throw new NotFound('organisation', child, 'org');
  if (node.parent === null) throw new InvalidInput('org', 'the root files to no one');
  const picture = await filingPicture(deps, child, year);
  return { parent: node.parent, status: picture.statusOf(child) };
}

async function record(deps: ServiceDeps, claims: FilingClaims, signer: string) {
  const signed = await signFiling(claims, await signerFor(deps, signer));
  await deps.db.transaction(async (tx) => {
    await insertFiling(tx, signed.hash, claims);
    await appendLogObjects(tx, [{ kind: 'annual_filing', jws: signed.jws, hash: signed.hash }]);
  });
  return signed;
}

/** The deadline of `year`'s filing: rules.filingDeadline (MM-DD) of the following year. */
export const deadlineOf = (deps: Pick<ServiceDeps, 'rules'>, year: number): string =>
  `${year + 1}-${deps.rules.filingDeadline}`;

export const lateNow = (deps: Pick<ServiceDeps, 'rules' | 'now'>, s: FilingStatus, year: number) =>
  s.exempt?.late !== true && isLate(s, deadlineOf(deps, year), deps.now());
