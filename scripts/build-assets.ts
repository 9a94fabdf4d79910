/**
 * Builds the browser assets: client ES modules in src/web/client/ bundled and
 * minified by esbuild into public/assets/app/ with content-hashed names (served
 * with `Cache-Control: immutable`), the zxing-wasm reader's .wasm beside them
 * (self-hosted, never a CDN), the CSS, the verify page's service worker at
 * public/v-sw.js (a stable URL, revalidated), and public/assets/app/manifest.json
 * mapping logical names to URLs (read by src/web/assets.ts).
 *
 * Run by `npm start`, `npm test` (pretest) and vitest's global setup; about 0.3 s.
 * @example node --import tsx scripts/build-assets.ts
 */
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const CLIENT = join(ROOT, 'src/web/client');
const OUT = join(ROOT, 'public/assets/app');
const URL_BASE = '/assets/app';
const SW_OUT = join(ROOT, 'public/v-sw.js');

/** Client entry points: logical name → source. */
const ENTRIES: Record<string, string> = {
  'verify.js': 'verify.ts',
  'scan.js': 'scan.ts',
  'scan-worker.js': 'scan-worker.ts',
};
/** Files copied as they are (logical name → path under the repository). */
const COPIES: Record<string, string> = {
  'zxing_reader.wasm': 'node_modules/zxing-wasm/dist/reader/zxing_reader.wasm',
  'weui.css': 'node_modules/weui/dist/style/weui.min.css',
};
/** Stylesheets bundled by esbuild. */
const STYLES: Record<string, string> = { 'app.css': 'app.css', 'web.css': 'web.css' };

const hash = (bytes: Uint8Array | string) =>
  createHash('sha256').update(bytes).digest('base64url').slice(0, 10);

const hashedName = (logical: string, bytes: Uint8Array | string) => {
  const ext = extname(logical);
  return `${basename(logical, ext)}-${hash(bytes)}${ext}`;
};

export interface BuildResult {
  manifest: Record<string, string>;
  /** Logical name → size in bytes, as written. */
  sizes: Record<string, number>;
}

export async function buildAssets(opts: { quiet?: boolean } = {}): Promise<BuildResult> {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  const manifest: Record<string, string> = {};
  const sizes: Record<string, number> = {};
  const emit = (logical: string, bytes: Uint8Array | string) => {
    const name = hashedName(logical, bytes);
    writeFileSync(join(OUT, name), bytes);
    // For Node's serveStatic (precompressed); Cloudflare compresses by itself.
    writeFileSync(join(OUT, `${name}.gz`), gzipSync(bytes, { level: 9 }));
    manifest[logical] = `${URL_BASE}/${name}`;
    sizes[logical] = typeof bytes === 'string' ? Buffer.byteLength(bytes) : bytes.byteLength;
  };

  for (const [logical, src] of Object.entries(COPIES)) emit(logical, readFileSync(join(ROOT, src)));

  const common = {
    bundle: true,
    minify: true,
    write: false,
    target: 'es2022',
    legalComments: 'none',
    logLevel: 'warning',
  } as const;

  for (const [logical, src] of Object.entries(STYLES)) {
    const r = await build({ ...common, entryPoints: [join(CLIENT, src)], outfile: 'x.css' });
    emit(logical, r.outputFiles[0]!.contents);
  }
  for (const [logical, src] of Object.entries(ENTRIES)) {
    const r = await build({
      ...common,
      entryPoints: [join(CLIENT, src)],
      format: logical === 'scan-worker.js' ? 'iife' : 'esm',
      outfile: 'x.js',
      // zxing-wasm's emscripten glue mentions Node modules it never loads in a browser.
      external: ['module', 'fs', 'path', 'url', 'crypto', 'worker_threads'],
    });
    // zxing-wasm's default locateFile points at a CDN; we always override it, and leave no CDN URL to fall back to.
    const text = r.outputFiles[0]!.text.replace(
      /https:\/\/fastly\.jsdelivr\.net\/npm\/zxing-wasm@[^/]+\/dist\//g,
      '/assets/app/',
    );
    emit(logical, text);
  }

  // The service worker: stable URL, with the files it precaches baked in (so a new build is a new worker).
  const precache = ['verify.js', 'app.css', 'weui.css'].map((k) => manifest[k]!);
  const sw = await build({
    ...common,
    entryPoints: [join(CLIENT, 'sw.ts')],
    format: 'iife',
    outfile: 'sw.js',
    define: {
      __PRECACHE__: JSON.stringify(precache),
      __VERSION__: JSON.stringify(hash(precache.join(' '))),
    },
  });
  writeFileSync(SW_OUT, sw.outputFiles[0]!.contents);
  manifest['v-sw.js'] = '/v-sw.js';
  sizes['v-sw.js'] = sw.outputFiles[0]!.contents.byteLength;

  writeFileSync(join(OUT, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  if (!opts.quiet) {
    const kb = (n: number) => `${(n / 1024).toFixed(1)} kB`;
    console.log(
      `assets → public/assets/app: ${Object.entries(sizes)
        .map(([k, v]) => `${k} ${kb(v)}`)
        .join(', ')}`,
    );
  }
  return { manifest, sizes };
}

/** Newest modification time of the inputs (client sources, this script), to skip a build that is current. */
export function newestInput(): number {
  const walk = (dir: string): number =>
    readdirSync(dir, { withFileTypes: true }).reduce((m, d) => {
      const p = join(dir, d.name);
      return Math.max(m, d.isDirectory() ? walk(p) : statSync(p).mtimeMs);
    }, 0);
  return Math.max(walk(CLIENT), statSync(fileURLToPath(import.meta.url)).mtimeMs);
}

export const MANIFEST_PATH = join(OUT, 'manifest.json');

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await buildAssets();
}
