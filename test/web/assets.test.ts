import { Hono } from 'hono';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { serveClientFiles } from '../../src/runtime/assets-node.ts';
import { assetUrl } from '../../src/web/assets.ts';

const ROOT = new URL('../../', import.meta.url);
const manifest = JSON.parse(
  readFileSync(new URL('public/assets/app/manifest.json', ROOT), 'utf8'),
) as Record<string, string>;

describe('browser assets', () => {
  it('maps each logical name to a content-hashed URL under /assets/app', () => {
    for (const name of ['verify.js', 'scan.js', 'scan-worker.js', 'weui.css', 'app.css']) {
      const base = name.replace(/\.[a-z]+$/, '');
      expect(assetUrl(name as 'verify.js')).toMatch(
        new RegExp(`^/assets/app/${base}-[A-Za-z0-9_-]{10}\\.(js|css)$`),
      );
    }
    expect(manifest['v-sw.js']).toBe('/v-sw.js');
  });

  it('self-hosts the zxing-wasm reader, byte for byte the pinned package', () => {
    const built = readFileSync(new URL(`public${manifest['zxing_reader.wasm']}`, ROOT));
    const pinned = readFileSync(
      new URL('node_modules/zxing-wasm/dist/reader/zxing_reader.wasm', ROOT),
    );
    expect(built.equals(pinned)).toBe(true);
    const worker = readFileSync(new URL(`public${manifest['scan-worker.js']}`, ROOT), 'utf8');
    expect(worker).not.toMatch(/https:\/\/(cdn\.jsdelivr|fastly\.jsdelivr|unpkg)/);
  });

  it('bakes the hashed verify script into the service worker it precaches', () => {
    const sw = readFileSync(new URL('public/v-sw.js', ROOT), 'utf8');
    expect(sw).toContain(manifest['verify.js']);
  });

  it('serves hashed files immutable, with their types; the service worker revalidated', async () => {
    const app = new Hono();
    serveClientFiles(app);
    const wasm = await app.request(manifest['zxing_reader.wasm']!);
    expect(wasm.status).toBe(200);
    expect(wasm.headers.get('content-type')).toBe('application/wasm');
    expect(wasm.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const js = await app.request(manifest['verify.js']!);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    const sw = await app.request('/v-sw.js');
    expect(sw.status).toBe(200);
    expect(sw.headers.get('cache-control')).toBe('no-cache');
    expect((await app.request('/assets/app/nope-0000000000.js')).status).toBe(404);
  });

  it('gives Cloudflare the same headers (public/_headers)', () => {
    const headers = readFileSync(new URL('public/_headers', ROOT), 'utf8');
    expect(headers).toMatch(
      /\/assets\/app\/\*\n\s+Cache-Control: public, max-age=31536000, immutable/,
    );
    expect(headers).toMatch(/\/v-sw\.js\n\s+Cache-Control: no-cache/);
  });
});
