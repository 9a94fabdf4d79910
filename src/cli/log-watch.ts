import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { toPublicJwk } from '../crypto/keys.ts';
import { fromBase64, toBase64 } from '../crypto/merkle/bytes.ts';
import { openCheckpoint, type Checkpoint } from '../crypto/merkle/checkpoint.ts';
import { verifyConsistency } from '../crypto/merkle/proof.ts';
import { verifyTrustList } from '../crypto/trust-list.ts';
import { nodeVerifier } from '../runtime/node-verifier.ts';
import type { CliEnv } from './context.ts';

interface WitnessState {
  origin: string;
  size: number;
  root: string;
  note: string;
}

class Alarm extends Error {}

export interface WatchInput {
  url: string;
  root?: string | undefined;
  vkey?: string | undefined;
  state: string;
  /** Seconds between checks; 0 checks once. */
  interval: number;
  count?: number | undefined;
}

/**
 * `pmcert log watch`: exit 0 while the log only grows consistently, 1 on a
 * fork or rollback (with a clear message), 2 when it cannot check at all.
 */
export async function runLogWatch(f: WatchInput, cli: CliEnv): Promise<number> {
  const base = f.url.replace(/\/+$/, '');
  const count = f.count ?? (f.interval > 0 ? Infinity : 1);
  try {
    const vkey = f.vkey ?? (await vkeyFromTrustList(base, f.root!));
    for (let round = 0; round < count; round++) {
      if (round > 0) await new Promise((r) => setTimeout(r, f.interval * 1000));
      cli.out(await watchOnce(base, vkey, f.state));
    }
    return 0;
  } catch (err) {
    if (err instanceof Alarm) {
      cli.err(`ALARM: ${err.message}`);
      return 1;
    }
    cli.err(`error: ${(err as Error).message}`);
    return 2;
  }
}

/** The log's note key, from the root-signed trust list: we trust the root key, not the server we watch. */
async function vkeyFromTrustList(base: string, rootFile: string): Promise<string> {
  const rootJwk = toPublicJwk(JSON.parse(readFileSync(rootFile, 'utf8')));
  const res = await fetch(`${base}/.well-known/pmc/trust.jws`);
  if (!res.ok) throw new Error(`trust.jws: HTTP ${res.status}`);
  const list = await verifyTrustList(await res.text(), rootJwk, nodeVerifier());
  if (!list.log) throw new Error('the trust list names no log');
  return list.log.vkey;
}

async function watchOnce(base: string, vkey: string, stateFile: string): Promise<string> {
  const res = await fetch(`${base}/log/checkpoint`);
  if (!res.ok) throw new Error(`checkpoint: HTTP ${res.status}`);
  const note = await res.text();
  const origin = note.slice(0, note.indexOf('\n'));
  let cp: Checkpoint;
  try {
    cp = await openCheckpoint(note, { origin, verifiers: [vkey] });
  } catch (err) {
    throw new Alarm(`the checkpoint is not signed by the log key: ${(err as Error).message}`);
  }
  const prev: WitnessState | undefined = existsSync(stateFile)
    ? JSON.parse(readFileSync(stateFile, 'utf8'))
    : undefined;
  if (prev) {
    if (prev.origin !== cp.origin)
      throw new Alarm(`origin changed from ${prev.origin} to ${cp.origin}`);
    const prevRoot = fromBase64(prev.root);
    if (cp.size < prev.size)
      throw new Alarm(`rollback: the log shrank from ${prev.size} to ${cp.size} leaves`);
    if (cp.size === prev.size && toBase64(cp.root) !== prev.root)
      throw new Alarm(`fork: two different roots for size ${cp.size}`);
    if (cp.size > prev.size) {
      const p = await fetch(`${base}/log/proof/consistency?from=${prev.size}&to=${cp.size}`);
      if (!p.ok)
        throw new Alarm(`no consistency proof from ${prev.size} to ${cp.size} (HTTP ${p.status})`);
      const { hashes } = (await p.json()) as { hashes: string[] };
      let ok = false;
      try {
        ok = await verifyConsistency(prev.size, cp.size, hashes.map(fromBase64), prevRoot, cp.root);
      } catch {
        ok = false;
      }
      if (!ok)
        throw new Alarm(
          `fork: the checkpoint at ${cp.size} does not extend the one at ${prev.size} this witness saw`,
        );
    }
  }
  const next: WitnessState = { origin: cp.origin, size: cp.size, root: toBase64(cp.root), note };
  writeFileSync(`${stateFile}.tmp`, JSON.stringify(next, null, 2));
  renameSync(`${stateFile}.tmp`, stateFile);
  return prev && prev.size === cp.size
    ? `ok: ${cp.origin} still at ${cp.size}`
    : `ok: ${cp.origin} at ${cp.size}${prev ? `, consistent with ${prev.size}` : ' (first sight)'}`;
}
