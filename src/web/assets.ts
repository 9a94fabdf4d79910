/**
 * Where the browser assets are: logical names (`verify.js`, `weui.css`, …) to
 * the content-hashed URLs `npm run build:assets` wrote (public/assets/app/,
 * served with `Cache-Control: immutable`). The runtime loads the manifest once
 * (Node: src/runtime/assets-node.ts reads it from disk; Workers: fetched from
 * the ASSETS binding), then pages call `assetUrl` synchronously.
 * @example <script type="module" src={assetUrl('verify.js')} />
 */
export type AssetName =
  | 'verify.js'
  | 'scan.js'
  | 'scan-worker.js'
  | 'zxing_reader.wasm'
  | 'weui.css'
  | 'app.css'
  | 'web.css'
  | 'v-sw.js';

export type AssetManifest = Partial<Record<AssetName, string>> & Record<string, string>;

/** Where the build writes the manifest, as a URL path (the same file the ASSETS binding serves). */
export const MANIFEST_URL_PATH = '/assets/app/manifest.json';

let current: AssetManifest | undefined;

export function setAssetManifest(manifest: AssetManifest): void {
  current = manifest;
}

export const assetManifestLoaded = (): boolean => current !== undefined;

/** The URL of a built asset; throws (a 500 on the page) when the build has not run. */
export function assetUrl(name: AssetName): string {
  const url = current?.[name];
  if (!url)
    throw new Error(
      current
        ? `asset ${name} is not in the manifest: run npm run build:assets`
        : 'browser assets are not loaded: run npm run build:assets',
    );
  return url;
}

/** Headers for a content-hashed asset (its URL changes whenever its bytes do). */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
