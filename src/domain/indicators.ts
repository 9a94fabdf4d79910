/**
 * The annual party statistics (年度党内统计) of one organisation's subtree,
 * folded from its members' ledgers: a pure function of the entries up to the
 * cut-off, so that the level above can recompute every figure it is filed.
 * The rules themselves (who counts where, which line of table 1 a change
 * belongs to) are in indicator-tally.ts, shared with the one-pass fold of
 * every org (indicators-all.ts).
 */
import {
  addContribution,
  addDuesStanding,
  contributionOf,
  finishTally,
  newTally,
  replayYear,
} from './indicator-tally.ts';
import type { OrgTree } from './types.ts';
import { ORG_TYPES, type OrgType } from './types.ts';
import { startOfDay, addDays } from './dates.ts';
import { isAncestorOrSelf } from './org-tree.ts';
import type { Rules } from './rules.ts';
import type {
  DuesStanding,
  Indicators,
  Figures,
  MemberHistory,
  StatisticsPeriod,
} from './indicator-types.ts';

export { ageAt, ageBandOf } from './indicator-tally.ts';
export * from './indicator-types.ts';

/**
 * The window of `year` for a cut-off day `MM-DD` (rules.statisticsCutoff):
 * `periodOf(2026, '12-31')` covers 2026-01-01T00:00Z up to 2026-12-31T23:59:59Z.
 */
export function periodOf(year: number, cutoff: string): StatisticsPeriod {
  const end = (y: number) => startOfDay(addDays(`${y}-${cutoff}`, 1)) - 1;
  return { year, from: end(year - 1), until: end(year) };
}

export function figuresOf(ind: Indicators): Figures {
  const { members: _members, ...figures } = ind;
  return figures;
}

export interface ComputeInput {
  org: string;
  tree: OrgTree;
  period: StatisticsPeriod;
  members: readonly MemberHistory[];
  /** Last year's filed closing count; when given it is the opening (table 1's rule). */
  openingOverride?: number;
  /** Undefined when no dues are recorded for the subtree. */
  dues?: readonly DuesStanding[];
  rules: Pick<Rules, 'duesWarnMonths' | 'duesLapseMonths'>;
}

/** Computes the year's indicators of `org`'s subtree from its members' entries. */
export function computeIndicators(input: ComputeInput): Indicators {
  const { tree, period, org } = input;
  const inTree = (id: string) => isAncestorOrSelf(tree, org, id);
  const t = newTally(org);
  for (const m of input.members)
    addContribution(t, contributionOf(replayYear(m, period), m, inTree, period));
  if (input.dues !== undefined) {
    t.dues.recorded = true;
    const closing = new Set(t.members);
    for (const d of input.dues) addDuesStanding(t, d, closing.has(d.member), input.rules);
  }
  return finishTally(t, period, orgsByType(tree, org), input.openingOverride);
}

function orgsByType(tree: OrgTree, org: string): Record<OrgType, number> {
  const out = Object.fromEntries(ORG_TYPES.map((k) => [k, 0])) as Record<OrgType, number>;
  for (const node of tree.values()) {
    if (node.id !== org && isAncestorOrSelf(tree, org, node.id)) out[node.type] += 1;
  }
  return out;
}
