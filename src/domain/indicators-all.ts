/**
 * The annual figures of EVERY organisation in one pass over the ledger, for
 * a level that files bottom-up: each member's year is replayed once and
 * credited to each org whose subtree it touches, by the same rules as one
 * org's figures (indicator-tally.ts); `computeIndicators(org)` and this fold
 * give equal indicators for every org (tested on generated histories).
 *
 * A member's part in a subtree depends on the subtree only through "is this
 * org in it?" asked of the orgs their entries name. So the orgs above those
 * named are grouped by which of the named orgs they contain; each group's
 * contribution is computed once and added to every org of the group. A
 * member who never moved is one group: their branch and all its ancestors.
 */
import {
  addContribution,
  addDuesStanding,
  contributionOf,
  finishTally,
  newTally,
  orgsNamedIn,
  replayYear,
  type Tally,
} from './indicator-tally.ts';
import type {
  DuesStanding,
  Indicators,
  MemberHistory,
  StatisticsPeriod,
} from './indicator-types.ts';
import { ancestorsOf } from './org-tree.ts';
import type { Rules } from './rules.ts';
import { ORG_TYPES, type OrgTree, type OrgType } from './types.ts';

/** A member's dues at the cut-off, credited to the org that holds their relationship and above. */
export interface MemberDues {
  /** The org that holds the member's relationship now (members.org_id). */
  org: string;
  standing: DuesStanding;
  /** The member has at least one dues line: dues are recorded for every subtree holding them. */
  recorded: boolean;
}

export interface FiguresFold {
  /** Adds one member (entries in seq order, possibly none) and their dues standing, if counted. */
  add(m: MemberHistory, dues?: MemberDues): void;
  /** Every org's indicators; `openings`: last year's filed closings, per org, as the opening. */
  finish(openings?: ReadonlyMap<string, number>): Map<string, Indicators>;
}

/**
 * Folds members, one at a time in any order, into the figures of every org of `tree`:
 * `const f = foldAllFigures({ tree, period, rules }); for (const m of ms) f.add(m); f.finish().get('c1')`.
 */
export function foldAllFigures(input: {
  tree: OrgTree;
  period: StatisticsPeriod;
  rules: Pick<Rules, 'duesWarnMonths' | 'duesLapseMonths'>;
}): FiguresFold {
  const { tree, period, rules } = input;
  const chains = new Map<string, readonly string[]>();
  /** The org and its ancestors, nearest first: the orgs whose subtree holds it. */
  const chainOf = (id: string): readonly string[] => {
    let c = chains.get(id);
    if (c === undefined) {
      c = tree.has(id) ? [id, ...ancestorsOf(tree, id)] : [];
      chains.set(id, c);
    }
    return c;
  };
  const tallies = new Map<string, Tally>();
  const tallyOf = (org: string): Tally => {
    let t = tallies.get(org);
    if (t === undefined) {
      t = newTally(org);
      tallies.set(org, t);
    }
    return t;
  };

  return {
    add(m, dues) {
      const steps = replayYear(m, period);
      const named = orgsNamedIn(steps);
      const position = new Map(named.map((id, i) => [id, i]));
      // Each org above a named one → which named orgs its subtree holds.
      const holds = new Map<string, number[]>();
      named.forEach((id, i) => {
        for (const org of chainOf(id)) {
          const list = holds.get(org);
          if (list) list.push(i);
          else holds.set(org, [i]);
        }
      });
      const groups = new Map<string, { held: Set<number>; orgs: string[] }>();
      for (const [org, held] of holds) {
        const key = held.join(',');
        const g = groups.get(key);
        if (g) g.orgs.push(org);
        else groups.set(key, { held: new Set(held), orgs: [org] });
      }
      const closingIn = new Set<string>();
      for (const { held, orgs } of groups.values()) {
        const inTree = (id: string): boolean => {
          const i = position.get(id);
          // orgsNamedIn must list every org the rules ask about; else the grouping is wrong.
          if (i === undefined)
            throw new Error(`the figures asked about ${id}, not named in ${m.id}'s entries`);
          return held.has(i);
        };
        const c = contributionOf(steps, m, inTree, period);
        for (const org of orgs) {
          addContribution(tallyOf(org), c);
          if (c.closing !== undefined) closingIn.add(org);
        }
      }
      if (dues === undefined) return;
      for (const org of chainOf(dues.org)) {
        const t = tallyOf(org);
        if (dues.recorded) t.dues.recorded = true;
        addDuesStanding(t, dues.standing, closingIn.has(org), rules);
      }
    },

    finish(openings) {
      const byType = orgsByTypeOfAll(tree);
      const out = new Map<string, Indicators>();
      for (const id of tree.keys())
        out.set(id, finishTally(tallyOf(id), period, byType.get(id)!, openings?.get(id)));
      return out;
    },
  };
}

/** For each org, the orgs under it (itself excluded) by type, in one walk up from every node. */
function orgsByTypeOfAll(tree: OrgTree): Map<string, Record<OrgType, number>> {
  const out = new Map<string, Record<OrgType, number>>();
  for (const id of tree.keys())
    out.set(id, Object.fromEntries(ORG_TYPES.map((k) => [k, 0])) as Record<OrgType, number>);
  for (const node of tree.values())
    for (const a of ancestorsOf(tree, node.id)) out.get(a)![node.type] += 1;
  return out;
}
