import { serveStatic } from '@hono/node-server/serve-static';
import type { Context, Hono, Next } from 'hono';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { IMMUTABLE, setAssetManifest, type AssetManifest } from '../web/assets.ts';

const PUBLIC_DIR = fileURLToPath(new URL('../../public', import.meta.url));
const MANIFEST = fileURLToPath(new URL('../../public/assets/app/manifest.json', import.meta.url));

/**
 * Loads public/assets/app/manifest.json (written by `npm run build:assets`)
 * into src/web/assets.ts. Returns false, changing nothing, when the build has
 * not run (the API still serves; pages that need assets answer 500 saying so).
 */
export function loadAssetManifestFromDisk(): boolean {
  if (!existsSync(MANIFEST)) return false;
  setAssetManifest(JSON.parse(readFileSync(MANIFEST, 'utf8')) as AssetManifest);
  return true;
}

/** The policy of our worker scripts (the service worker, the decoder's Web Worker). */
export const WORKER_CSP =
  "default-src 'none'; connect-src 'self'; script-src 'self' 'wasm-unsafe-eval'; frame-ancestors 'none'";

/**
 * Serves public/ on Node as Cloudflare serves it on Workers (wrangler.toml
 * [assets], headers in public/_headers): built files under /assets/app/ are
 * content-hashed and immutable; the verify page's service worker sits at
 * /v-sw.js (a stable URL at the root, so its scope can cover /v), revalidated.
 */
export function serveClientFiles(app: Hono<any>): void {
  // (serveStatic's onFound runs after the response is made: set headers around it instead.)
  const cacheControl = (value: string) => async (c: Context, next: Next) => {
    await next();
    if (c.res.status !== 200 && c.res.status !== 206) return;
    c.header('Cache-Control', value);
    // A worker script's CSP governs the worker: fetch our own origin; the decoder compiles its wasm.
    if (/\.js$/.test(c.req.path)) c.header('Content-Security-Policy', WORKER_CSP);
  };
  app.use('/assets/app/*', cacheControl(IMMUTABLE));
  // The build writes .gz beside each text file and the .wasm.
  app.use('/assets/app/*', serveStatic({ root: PUBLIC_DIR, precompressed: true }));
  app.use('/assets/*', serveStatic({ root: PUBLIC_DIR }));
  app.use('/v-sw.js', cacheControl('no-cache'));
  app.use('/v-sw.js', serveStatic({ root: PUBLIC_DIR }));
}
