/**
 * The annual figures of every organisation at once, in one pass over the
 * ledger: the store streams each member's year once (in member order, in
 * chunks), the domain credits it to every org above it (foldAllFigures, the
 * same rules as computeFigures). For a level that files bottom-up, and the
 * national bench (bench/national.ts).
 */
import { exemptFromEntries } from '../domain/dues-exempt.ts';
import { foldAllFigures } from '../domain/indicators-all.ts';
import { periodOf, type Indicators } from '../domain/indicators.ts';
import { isCountedStatus } from '../domain/types.ts';
import { membersInChunks } from '../store/statistics-stream.ts';
import { loadTree } from '../store/queries.ts';
import { duesStandingOfYear } from './dues.ts';
import type { ServiceDeps } from './deps.ts';

export interface ComputeAllOptions {
  /** Count only entries whose log leaf is below this size (a checkpoint's). */
  asOfLeaf?: number;
  /** Last year's filed closing per org, which becomes its opening (table 1's rule). */
  openings?: ReadonlyMap<string, number>;
  /** Members per chunk read from the store. */
  chunk?: number;
}

/**
 * Every org's indicators for `year`, each equal to `computeFigures(deps, org, year)`:
 * `(await computeAllFigures(deps, 2026)).get('c1')!.balance.closing`.
 */
export async function computeAllFigures(
  deps: Pick<ServiceDeps, 'db' | 'rules'>,
  year: number,
  opts: ComputeAllOptions = {},
): Promise<Map<string, Indicators>> {
  const tree = await loadTree(deps.db);
  const period = periodOf(year, deps.rules.statisticsCutoff);
  const fold = foldAllFigures({ tree, period, rules: deps.rules });
  const stream = membersInChunks(deps.db, {
    until: new Date(period.until * 1000),
    ...(opts.asOfLeaf !== undefined ? { leafBelow: opts.asOfLeaf } : {}),
    ...(opts.chunk !== undefined ? { chunk: opts.chunk } : {}),
  });
  for await (const chunk of stream) {
    for (const m of chunk) {
      // Dues as duesStandingsFor reads them: members the org holds now, while counted.
      const dues = isCountedStatus(m.status)
        ? {
            org: m.org,
            recorded: m.lines.length > 0,
            standing: duesStandingOfYear(
              deps.rules,
              m.lines,
              m.history.id,
              year,
              exemptFromEntries(m.statusEntries),
            ),
          }
        : undefined;
      fold.add(m.history, dues);
    }
  }
  return fold.finish(opts.openings);
}
