import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((d) => {
    const p = join(dir, d.name);
    if (d.isDirectory()) return sources(p);
    return d.name.endsWith('.ts') && !d.name.endsWith('.test.ts') ? [p] : [];
  });
}

const importsOf = (file: string): string[] =>
  [
    ...readFileSync(join(ROOT, file), 'utf8').matchAll(
      /^\s*(?:import|export)\s[^;]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gm,
    ),
  ].map((m) => m[1] ?? m[2]!);

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

  it('would catch a forbidden import (the check itself can fail)', () => {
    const line = "import { readFileSync } from 'node:fs';";
    expect(
      FORBIDDEN.some((x) => x.test([...line.matchAll(/from\s+['"]([^'"]+)['"]/g)][0]![1]!)),
    ).toBe(true);
  });
});
