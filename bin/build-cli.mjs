#!/usr/bin/env node
// Builds the CLI and server ahead of time into dist/cli/: the entry pmcert.mjs (from
// src/cli/entry.ts) and the chunks it imports on demand, so `--help` parses a few
// kilobytes and a command only what it uses. Our TypeScript and the pure-JS
// dependencies are bundled (a few files parse faster than a few hundred modules
// resolve); PGlite (its wasm and data files sit next to its own module) and exceljs
// (used only by imports) stay external. bin/pmcert.mjs runs the build, and rebuilds
// it first when a file it was made from is newer (dist/cli/inputs.json lists them),
// so a fresh clone or an edited tree needs no build step. The output sits two
// folders deep, as src/runtime/*.ts does, so `new URL('../../public', import.meta.url)`
// still resolves. By hand: `npm run build`.
import { mkdirSync, readdirSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const OUT_DIR = `${ROOT}dist/cli/`;
const EXTERNAL = ['@electric-sql/pglite', 'exceljs', 'esbuild', 'tsx'];

/** Bundles src/cli/entry.ts; the entry and its inputs list are replaced atomically, last. */
export async function buildCli() {
  const { build } = await import('esbuild');
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: { pmcert: 'src/cli/entry.ts' },
    bundle: true,
    splitting: true,
    external: EXTERNAL,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outdir: OUT_DIR,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunk-[hash]',
    // CommonJS dependencies bundled into an ES module still call require() for node: built-ins.
    banner: {
      js: "import { createRequire as __pmcRequire } from 'node:module'; const require = __pmcRequire(import.meta.url);",
    },
    minifyWhitespace: true,
    minifySyntax: true,
    keepNames: true,
    write: false,
    metafile: true,
    sourcemap: 'external',
    sourcesContent: false,
    logLevel: 'error',
  });
  mkdirSync(OUT_DIR, { recursive: true });
  const tmp = `.${process.pid}.tmp`;
  // Sources only: the dependencies change with package-lock.json, listed too.
  const inputs = [
    ...Object.keys(result.metafile.inputs).filter((p) => !p.startsWith('node_modules/')),
    'package-lock.json',
    'bin/build-cli.mjs',
  ];
  const entry = `${OUT_DIR}pmcert.mjs`;
  const keep = new Set(['inputs.json']);
  for (const f of result.outputFiles) {
    keep.add(basename(f.path));
    if (f.path === entry) continue;
    writeFileSync(f.path + tmp, f.contents);
    renameSync(f.path + tmp, f.path);
  }
  writeFileSync(`${OUT_DIR}inputs.json${tmp}`, JSON.stringify(inputs));
  writeFileSync(entry + tmp, result.outputFiles.find((f) => f.path === entry).contents);
  renameSync(`${OUT_DIR}inputs.json${tmp}`, `${OUT_DIR}inputs.json`);
  renameSync(entry + tmp, entry);
  // Chunks of older builds: removed once no process started from them can still be loading them.
  for (const name of readdirSync(OUT_DIR)) {
    const p = OUT_DIR + name;
    if (!keep.has(name) && Date.now() - statSync(p).mtimeMs > 3_600_000) unlinkSync(p);
  }
  return inputs.length;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const t0 = performance.now();
  const n = await buildCli();
  console.log(`dist/cli/pmcert.mjs: ${n} sources in ${Math.round(performance.now() - t0)} ms`);
}
