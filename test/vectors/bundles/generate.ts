/**
 * Writes the bundle test vectors: the valid bundle and one mutant per
 * failure code, each as `<name>.json`:
 *   { "expect": "<CODE>|VALID", "at"?: "entries[2]", "why": "…",
 *     "bundle": …, "root": <public JWK>, "now": <NumericDate>, "tree"?: [org nodes] }
 * `tree`, when present, means "verify with this org tree" (ledger rules re-checked).
 *
 * Run: node --import tsx test/vectors/bundles/generate.ts
 *
 * Deterministic: keys come from fixed seed labels (test/support/pure-fixtures.ts)
 * and Ed25519 signatures are deterministic, so a re-run rewrites identical files.
 * Only public keys are written; the 10 MB cases stay in the unit test.
 */
import { readdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  buildPureFixture,
  bundleCases,
  ORG_NODES,
  type BundleCase,
} from '../../support/pure-fixtures.ts';

export const VECTOR_DIR = dirname(fileURLToPath(import.meta.url));

/** The vector file's content for one case, as written. */
export function vectorOf(c: BundleCase): Record<string, unknown> {
  return {
    expect: c.expect,
    ...(c.at === undefined ? {} : { at: c.at }),
    why: c.why,
    generator: 'test/vectors/bundles/generate.ts',
    bundle: c.bundle,
    root: c.root,
    now: c.now,
    ...(c.tree ? { tree: ORG_NODES } : {}),
  };
}

export const vectorText = (c: BundleCase): string => `${JSON.stringify(vectorOf(c), null, 2)}\n`;

/** The vectors by file name. */
export async function buildVectors(): Promise<Map<string, string>> {
  const cases = (await bundleCases(await buildPureFixture())).filter((c) => c.vector !== false);
  const out = new Map(cases.map((c) => [`${c.name}.json`, vectorText(c)]));
  for (const text of out.values()) {
    // Belt and braces: no private JWK member (`"d"`) may ever reach a committed file.
    if (/"d"\s*:/.test(text)) throw new Error('a vector would contain a private key');
  }
  return out;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const vectors = await buildVectors();
  for (const f of readdirSync(VECTOR_DIR))
    if (f.endsWith('.json') && !vectors.has(f)) unlinkSync(join(VECTOR_DIR, f));
  for (const [name, text] of vectors) writeFileSync(join(VECTOR_DIR, name), text);
  console.log(`wrote ${vectors.size} vectors to ${VECTOR_DIR}`);
}
