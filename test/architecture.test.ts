import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((d) => {
    const p = join(dir, d.name);
    if (d.isDirectory()) return sources(p);
    return /\.tsx?$/.test(d.name) && !/\.test\.tsx?$/.test(d.name) ? [p] : [];
  });
}

const importsOf = (file: string): string[] =>
  [
    ...readFileSync(join(ROOT, file), 'utf8').matchAll(
      /^\s*(?:import|export)\s[^;]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gm,
    ),
  ].map((m) => m[1] ?? m[2]!);

/** The repository files a file imports (relative specifiers only; packages are not nodes). */
const localImportsOf = (file: string): string[] =>
  importsOf(file)
    .filter((s) => s.startsWith('.'))
    .map((s) => relative(ROOT, resolve(ROOT, dirname(file), s)))
    .filter((t) => existsSync(join(ROOT, t)));

/** A file's layer: its folder under src/ (src/errors.ts is `errors`), or `schema`. */
const layerOf = (file: string): string =>
  file.startsWith('schema/') ? 'schema' : file.split('/')[1]!.replace(/\.tsx?$/, '');

/**
 * Which layers each layer may import (itself always). Domain and crypto are
 * pure; storage is reached from the edges only through src/service; pages
 * (src/web) sit beside the routes. The CLI and the runtimes wire everything.
 */
const MAY_IMPORT: Record<string, readonly string[]> = {
  errors: ['domain', 'crypto'], // types only: the reasons of rules and verification
  domain: ['errors'],
  crypto: ['domain', 'errors'],
  i18n: ['domain', 'crypto', 'errors'], // types only: the codes it titles
  schema: ['domain', 'crypto'],
  import: ['domain', 'errors', 'i18n'], // roster parsing and checks: pure, like domain
  demo: ['domain', 'errors'], // seeded demo people and trees: pure
  store: ['schema', 'domain', 'crypto', 'errors'],
  service: ['store', 'schema', 'domain', 'crypto', 'errors', 'i18n', 'import', 'demo'],
  http: ['service', 'web', 'domain', 'crypto', 'errors', 'i18n'],
  web: ['http', 'service', 'domain', 'crypto', 'errors', 'i18n'],
  cli: [
    'runtime',
    'service',
    'store',
    'schema',
    'domain',
    'crypto',
    'errors',
    'i18n',
    'import',
    'demo',
  ],
  runtime: ['http', 'web', 'service', 'store', 'schema', 'domain', 'crypto', 'errors', 'i18n'],
};

/** Every import cycle among `graph`'s files (Tarjan's strongly connected components of size > 1, or a self-import). */
function cyclesIn(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || (graph.get(v) ?? []).includes(v)) cycles.push(component.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return cycles;
}

// Only these may touch Node or a database driver: the runtimes, the CLI, and the store's driver files.
const ALLOWED = [
  /^src\/runtime\//,
  /^src\/cli\//,
  /^src\/store\/(pglite|postgres|open|migrations)\.ts$/,
];
const FORBIDDEN = [
  /^node:/,
  /^postgres$/,
  /^@electric-sql\/pglite/,
  /^drizzle-orm\/(pglite|postgres-js)/,
  /^(fs|path|os|crypto|child_process|url)$/,
];

describe('architecture', () => {
  const files = sources('src').map((f) => relative(ROOT, join(ROOT, f)));

  it('finds the source tree', () => {
    expect(files.length).toBeGreaterThan(20);
    expect(files).toContain('src/crypto/verify-bundle.ts');
  });

  it('keeps node:*, postgres and PGlite out of everything but runtime/, cli/ and the store drivers', () => {
    const offenders = files
      .filter((f) => !ALLOWED.some((a) => a.test(f)))
      .flatMap((f) =>
        importsOf(f)
          .filter((i) => FORBIDDEN.some((x) => x.test(i)))
          .map((i) => `${f} imports ${i}`),
      );
    expect(offenders).toEqual([]);
  });

  it('keeps domain/ and crypto/ free of store/, http/, web/, service/ and cli/', () => {
    const offenders = files
      .filter((f) => /^src\/(domain|crypto)\//.test(f))
      .flatMap((f) =>
        importsOf(f)
          .filter((i) => /\/(store|http|web|service|cli|runtime)\//.test(i))
          .map((i) => `${f} imports ${i}`),
      );
    expect(offenders).toEqual([]);
  });

  const graph = new Map(
    [...files, ...sources('schema').filter((f) => !f.includes('migrations'))].map((f) => [
      f,
      localImportsOf(f),
    ]),
  );

  it('scans .tsx too', () => {
    expect(files.some((f) => f.endsWith('.tsx'))).toBe(true);
  });

  it('has no import cycle, between any files of src/ and schema/', () => {
    expect(cyclesIn(graph)).toEqual([]);
  });

  it('would catch a cycle (the check itself can fail)', () => {
    const g = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a']],
      ['e', ['e']],
    ]);
    expect(cyclesIn(g)).toEqual([['a', 'b', 'c'], ['e']]);
    expect(
      cyclesIn(
        new Map([
          ['a', ['b']],
          ['b', []],
        ]),
      ),
    ).toEqual([]);
  });

  it('imports only the layers each layer may (routes and pages reach storage through src/service)', () => {
    const breaks = [...graph].flatMap(([f, targets]) =>
      targets
        .filter((t) => {
          const from = layerOf(f);
          const to = layerOf(t);
          const allowed = MAY_IMPORT[from];
          if (!allowed) return true; // a new layer must be given its row
          return to !== from && !allowed.includes(to);
        })
        .map((t) => `${f} imports ${t}`),
    );
    // No exceptions: the routes and pages that read the store directly now go through src/service.
    expect(breaks).toEqual([]);
  });

  it('would catch a forbidden import (the check itself can fail)', () => {
    const line = "import { readFileSync } from 'node:fs';";
    expect(
      FORBIDDEN.some((x) => x.test([...line.matchAll(/from\s+['"]([^'"]+)['"]/g)][0]![1]!)),
    ).toBe(true);
  });
});
