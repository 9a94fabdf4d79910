/**
 * The Worker as wrangler bundles it for deployment: its size (printed; target
 * < 1 MB gzipped) and what it is made of, read from esbuild's metafile. This
 * is the architecture rule for the Worker, checked on the real bundle rather
 * than on import statements: none of pmcert's own code in it imports a Node
 * module, and no Node-only piece (the migrator, PGlite, the Node server) is
 * in it at all. Needs no database.
 */
import { builtinModules } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  buildWorker,
  describeBuild,
  TARGET_GZIP_BYTES,
  type WorkerBuild,
} from '../../bench/worker-size.ts';

const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
// A bare `fs` is routed by wrangler through a virtual `node-built-in-modules:fs` that re-exports `node:fs`.
const SHIM = 'node-built-in-modules:';
const isNodeModule = (path: string) =>
  path.startsWith('node:') || path.startsWith(SHIM) || NODE_BUILTINS.has(path);

/** Third-party packages allowed to reach for Node's API (nodejs_compat provides it): the reason the flag is on. */
const MAY_USE_NODE = ['postgres', 'qrcode', 'pngjs'];

const ours = (file: string) =>
  /^(\.\.\/)*(src|schema)\//.test(file) && !file.includes('node_modules/');
const pkgOf = (file: string) =>
  /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)?.[1] ??
  // postgres.js is installed patched from vendor/postgres (see its PMCERT-PATCH.md).
  /^vendor\/([^/]+)\//.exec(file)?.[1];

describe('the Worker bundle (wrangler deploy --dry-run)', () => {
  let build: WorkerBuild;
  beforeAll(async () => {
    build = await buildWorker();
    console.log(describeBuild(build));
  });

  it(`is under ${TARGET_GZIP_BYTES / 1024} KiB gzipped`, () => {
    expect(build.gzipBytes).toBeLessThan(TARGET_GZIP_BYTES);
  });

  it('contains none of pmcert’s code that imports a Node module', () => {
    const inputs = Object.entries(build.meta.inputs);
    expect(inputs.filter(([f]) => ours(f)).length).toBeGreaterThan(50);
    const offenders = inputs
      .filter(([f]) => ours(f))
      .flatMap(([f, i]) =>
        i.imports.filter((x) => isNodeModule(x.path)).map((x) => `${f} imports ${x.path}`),
      );
    expect(offenders).toEqual([]);
  });

  it('lets only postgres.js and the QR PNG encoder use nodejs_compat', () => {
    const users = new Set(
      Object.entries(build.meta.inputs)
        .filter(([f, i]) => !f.startsWith(SHIM) && i.imports.some((x) => isNodeModule(x.path)))
        .map(([f]) => pkgOf(f) ?? f),
    );
    expect([...users].filter((p) => !MAY_USE_NODE.includes(p))).toEqual([]);
    expect(users).toContain('postgres'); // the reason nodejs_compat is on: if this goes, drop the flag
  });

  it('leaves out the Node-only pieces: migrator, PGlite, the Node server and its verifier', () => {
    const banned =
      /(@electric-sql\/pglite|drizzle-orm\/[^/]+\/migrator|drizzle-orm\/pglite|src\/store\/(pglite|postgres|open|migrations)\.ts|src\/runtime\/node|src\/cli\/|@hono\/node-server)/;
    expect(Object.keys(build.meta.inputs).filter((f) => banned.test(f))).toEqual([]);
  });
});
