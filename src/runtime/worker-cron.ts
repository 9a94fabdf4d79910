import type { ServiceDeps } from '../service/deps.ts';
import { integrate } from '../service/log.ts';
import { committedSize, latestCheckpoint } from '../store/log.ts';

/**
 * What the Node server's checkpoint timer does each tick (startCheckpointer),
 * once: when leaves were committed since the newest checkpoint, integrate
 * them and sign a new one. The Worker runs it from a Cron Trigger (every
 * minute, wrangler.toml); between runs readers get fresh checkpoints on
 * demand (freshCheckpoint, bundle export).
 * @example await integratePending(deps) // → the new checkpoint's size, or null when nothing was pending
 */
export async function integratePending(deps: ServiceDeps): Promise<number | null> {
  const last = await latestCheckpoint(deps.db);
  if ((await committedSize(deps.db)) === (last?.size ?? -1)) return null;
  const made = await integrate(deps);
  return made?.size ?? null;
}
