import { existsSync, statSync } from 'node:fs';
import { buildAssets, MANIFEST_PATH, newestInput } from '../../scripts/build-assets.ts';

/** Vitest global setup: builds the browser assets when missing or older than their sources. */
export default async function setup(): Promise<void> {
  if (existsSync(MANIFEST_PATH) && statSync(MANIFEST_PATH).mtimeMs >= newestInput()) return;
  await buildAssets({ quiet: true });
}
