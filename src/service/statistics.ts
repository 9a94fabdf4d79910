/**
 * An organisation's annual figures, computed from the ledger: the store
 * selects the histories that can touch the subtree, the domain decides every
 * count (`computeIndicators`). Used to compute a filing, and again by the
 * level above to check one (`asOfLeaf`: only what the filing's checkpoint held).
 */
import {
  computeIndicators,
  periodOf,
  type DuesStanding,
  type Indicators,
} from '../domain/indicators.ts';
import { NotFound } from '../errors.ts';
import { historiesTouching } from '../store/statistics.ts';
import { loadTree } from '../store/queries.ts';
import { subtreeOf } from './authorisation.ts';
import { duesStandingsFor } from './dues.ts';
import type { ServiceDeps } from './deps.ts';

export interface ComputeOptions {
  /** Count only entries whose log leaf is below this size (a checkpoint's). */
  asOfLeaf?: number;
  /** Last year's filed closing, which becomes the opening (table 1's rule). */
  openingOverride?: number;
  /** The subtree's dues standings, when dues are recorded. */
  dues?: readonly DuesStanding[];
}

/**
 * The indicators of `org`'s subtree for `year`, cut off at rules.statisticsCutoff:
 * `await computeFigures(deps, 'c1', 2026)` → `{ balance: { opening, …, closing }, … }`.
 */
export async function computeFigures(
  deps: Pick<ServiceDeps, 'db' | 'rules'>,
  org: string,
  year: number,
  opts: ComputeOptions = {},
): Promise<Indicators> {
  const tree = await loadTree(deps.db);
  if (!tree.has(org)) throw new NotFound('organisation', org, 'org');
  const period = periodOf(year, deps.rules.statisticsCutoff);
  const ids = subtreeOf(tree, [org]);
  const dues = opts.dues ?? (await duesStandingsFor(deps, ids, year));
  const members = await historiesTouching(
    deps.db,
    ids,
    new Date(period.until * 1000),
    opts.asOfLeaf,
  );
  return computeIndicators({
    org,
    tree,
    period,
    members,
    rules: deps.rules,
    ...(opts.openingOverride !== undefined ? { openingOverride: opts.openingOverride } : {}),
    // Dues as recorded (undefined while none are: the figures then say so, never guess).
    ...(dues !== undefined ? { dues } : {}),
  });
}
