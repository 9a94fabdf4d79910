/**
 * Figures compared field by field, so that a verdict names each cell that
 * differs (`balance.closing: filed 120, recomputed 118`) instead of a hash.
 */
export interface FigureDifference {
  path: string;
  filed: unknown;
  recomputed: unknown;
}

/** Every leaf of a JSON value by dotted path: `{ a: { b: 1 } }` → `[['a.b', 1]]`. */
export function leavesOf(value: unknown, prefix = ''): [string, unknown][] {
  if (Array.isArray(value)) return [[prefix, JSON.stringify(value)]];
  if (typeof value === 'object' && value !== null) {
    return Object.keys(value)
      .sort()
      .flatMap((k) =>
        leavesOf((value as Record<string, unknown>)[k], prefix ? `${prefix}.${k}` : k),
      );
  }
  return [[prefix, value]];
}

/**
 * The cells where `filed` and `recomputed` differ, in path order:
 * `diffFigures({ a: 1 }, { a: 2 })` → `[{ path: 'a', filed: 1, recomputed: 2 }]`.
 */
export function diffFigures(filed: unknown, recomputed: unknown): FigureDifference[] {
  const a = new Map(leavesOf(filed));
  const b = new Map(leavesOf(recomputed));
  const paths = [...new Set([...a.keys(), ...b.keys()])].sort();
  return paths
    .filter((p) => !Object.is(a.get(p), b.get(p)))
    .map((p) => ({ path: p, filed: a.get(p), recomputed: b.get(p) }));
}
