import { fromB64u, equalBytes } from '../crypto/bytes.ts';
import { formatCheckpoint } from '../crypto/merkle/checkpoint.ts';
import { CompactRange } from '../crypto/merkle/compact-range.ts';
import { leafHashSync } from '../crypto/merkle/hash.ts';
import { cosignNote } from '../crypto/merkle/cosignature.ts';
import { signNote, verifierKey, type NoteSigner } from '../crypto/merkle/note.ts';
import { consistencyProof, inclusionProof } from '../crypto/merkle/tree.ts';
import { issueKeyCertificate } from '../crypto/key-cert.ts';
import { logSubject } from '../crypto/log-key.ts';
import { generateOrgKey, openPrivateKey, sealPrivateJwk } from '../crypto/keys.ts';
import { InvalidInput, LogIntegrityFault, NotFound, PmcError } from '../errors.ts';
import { parseTilePath, TILE_HEIGHT, TILE_WIDTH } from '../crypto/merkle/tiles.ts';
import type { Db } from '../store/db.ts';
import {
  committedSize,
  latestCheckpoint,
  leavesBetween,
  nodeReader,
  nodesOfLevel,
  storeCheckpoint,
  storeNodes,
  withIntegrationLock,
} from '../store/log.ts';
import type { CheckpointRow } from '../store/rows.ts';
import { getSetting, putSetting } from '../store/queries.ts';
import type { ServiceDeps } from './deps.ts';
import type { Signer } from '../crypto/jws.ts';

const S = {
  origin: 'log_origin',
  kid: 'log_kid',
  publicKey: 'log_public_key',
  sealed: 'log_private_sealed',
  certificate: 'log_certificate',
} as const;
const LOG_KEY_YEARS = 10;

/** A host that names no place in the world: every laptop and test server is `localhost`. */
const isLocalHost = (hostname: string): boolean =>
  hostname === 'localhost' ||
  hostname.endsWith('.localhost') ||
  hostname === '0.0.0.0' ||
  hostname === '[::1]' ||
  /^127\./.test(hostname);

/**
 * The log's origin line, fixed at `pmcert init` and stored (never recomputed,
 * so an installation's origin does not move when its public URL does): the
 * public host plus `/log`, as C2SP origins are schema-less. A local public URL
 * (no PMC_PUBLIC_URL, a test server) is shared by every such installation, so
 * there the installation's own random id is appended: two installations never
 * sign checkpoints under one name with different keys.
 * @example originFor('https://pmc.example.cn', 'k3x9…') // 'pmc.example.cn/log'
 * @example originFor('http://localhost:8787', 'k3x9…') // 'localhost:8787/log/k3x9…'
 */
export const originFor = (publicUrl: string, installationId: string): string => {
  const url = new URL(publicUrl);
  return isLocalHost(url.hostname) ? `${url.host}/log/${installationId}` : `${url.host}/log`;
};

/** Creates the log's Ed25519 key, certified by the root (so a bundle verifies the checkpoint with only the root key). */
export async function initLog(
  deps: ServiceDeps,
  root: Signer,
  installationId: string,
): Promise<void> {
  const origin = originFor(deps.publicUrl, installationId);
  const key = await generateOrgKey();
  const nbf = deps.now();
  const certificate = await issueKeyCertificate(
    {
      iss: root.orgId,
      sub: logSubject(origin),
      jwk: key.publicJwk,
      nbf,
      exp: nbf + LOG_KEY_YEARS * 365 * 86400,
      iat: nbf,
    },
    root,
  );
  await putSetting(deps.db, S.sealed, await sealPrivateJwk(deps.kek.aes, key.privateJwk, key.kid));
  await putSetting(deps.db, S.kid, key.kid);
  await putSetting(deps.db, S.publicKey, key.publicJwk.x);
  await putSetting(deps.db, S.certificate, certificate);
  await putSetting(deps.db, S.origin, origin);
}

export interface LogIdentity {
  origin: string;
  /** The note verifier key, `<origin>+<keyid>+<base64>` (Go's sumdb/note format). */
  vkey: string;
  /** The root's certificate for the log key. */
  certificate: string;
  publicKeyRaw: Uint8Array;
}

export async function logIdentity(deps: Pick<ServiceDeps, 'db'>): Promise<LogIdentity> {
  const [origin, pub, certificate] = await Promise.all([
    getSetting(deps.db, S.origin),
    getSetting(deps.db, S.publicKey),
    getSetting(deps.db, S.certificate),
  ]);
  if (!origin || !pub || !certificate)
    throw new PmcError('KEY_UNAVAILABLE', 'the transparency log has no key: run `pmcert init`');
  const publicKeyRaw = fromB64u(pub);
  return { origin, vkey: await verifierKey(origin, publicKeyRaw), certificate, publicKeyRaw };
}

/** The log's note signer (unsealed with the KEK); for integration and for tests that must forge a fork. */
export async function logSigner(deps: ServiceDeps, id: LogIdentity): Promise<NoteSigner> {
  const [sealed, kid] = await Promise.all([
    getSetting(deps.db, S.sealed),
    getSetting(deps.db, S.kid),
  ]);
  if (!sealed || !kid) throw new PmcError('KEY_UNAVAILABLE', 'the transparency log has no key');
  let privateKey = deps.keyCache.get(kid);
  if (!privateKey) deps.keyCache.set(kid, (privateKey = openPrivateKey(deps.kek.aes, sealed, kid)));
  return { name: id.origin, privateKey: await privateKey, publicKeyRaw: id.publicKeyRaw };
}

const LEAF_BATCH = 10_000;

/**
 * Folds every committed leaf into the tree and signs a checkpoint for the new
 * size. Extends the stored right edge only after checking it reproduces the
 * last signed root, so the log never signs two inconsistent checkpoints.
 * Returns the newest checkpoint (unchanged when nothing arrived, or when
 * another integrator is at work).
 */
export async function integrate(deps: ServiceDeps): Promise<CheckpointRow | undefined> {
  // Nothing waiting (the common case for an export or a timer tick): no key to unseal, no lock to take.
  const latest = await latestCheckpoint(deps.db);
  if (latest && latest.size === (await committedSize(deps.db))) return latest;
  const id = await logIdentity(deps);
  // Unsealed before the transaction: PGlite has one connection, and a query
  // outside the open transaction would wait for it forever.
  const signer = await logSigner(deps, id);
  await withIntegrationLock(deps.db, async (tx) => {
    const db = tx as unknown as Db;
    const last = await latestCheckpoint(db);
    const from = last?.size ?? 0;
    const to = await committedSize(db);
    if (to === from && last) return;
    const reader = nodeReader(db);
    const range = await CompactRange.load(from, reader);
    if (last && !equalBytes(await range.root(), last.root)) {
      throw new LogIntegrityFault(
        `log nodes do not reproduce the checkpoint at size ${from}: refusing to sign (run pmcert fsck)`,
      );
    }
    for (let start = from; start < to; start += LEAF_BATCH) {
      const leaves = await leavesBetween(db, start, Math.min(to, start + LEAF_BATCH));
      const nodes = [];
      for (const [i, leaf] of leaves.entries()) {
        if (leaf.index !== start + i)
          throw new LogIntegrityFault(`log leaf ${start + i} is missing`);
        nodes.push(...(await range.append(leafHashSync(leaf.data))).nodes);
      }
      await storeNodes(db, nodes);
    }
    const root = await range.root();
    // The log also cosigns its checkpoint with the time (C2SP tlog-cosignature): a reader
    // then knows an entry dated before that time and outside this size was backdated.
    const signed = await signNote(formatCheckpoint({ origin: id.origin, size: to, root }), signer);
    const time = deps.now();
    const note = await cosignNote(signed, signer, time);
    await storeCheckpoint(db, { size: to, root, note, signedAt: new Date(time * 1000) });
  });
  return latestCheckpoint(deps.db);
}

/** Inclusion proof of leaf `index` in the tree of `size` leaves, RFC 9162 order (leaf side first). */
export async function proveInclusion(
  deps: Pick<ServiceDeps, 'db'>,
  index: number,
  size: number,
): Promise<Uint8Array[]> {
  await requireCheckpointed(deps.db, size);
  if (!Number.isSafeInteger(index) || index < 0 || index >= size)
    throw new InvalidInput('index', `index must be in [0, ${size})`);
  return inclusionProof(index, size, nodeReader(deps.db));
}

/** Consistency proof between two tree sizes. */
export async function proveConsistency(
  deps: Pick<ServiceDeps, 'db'>,
  from: number,
  to: number,
): Promise<Uint8Array[]> {
  await requireCheckpointed(deps.db, to);
  if (!Number.isSafeInteger(from) || from < 0 || from > to)
    throw new InvalidInput('from', `from must be in [0, ${to}]`);
  if (from === 0 || from === to) return [];
  return consistencyProof(from, to, nodeReader(deps.db));
}

/** Proofs are served only for sizes the integrated tree covers. */
async function requireCheckpointed(db: Db, size: number): Promise<void> {
  const last = await latestCheckpoint(db);
  if (!Number.isSafeInteger(size) || size < 1 || !last || size > last.size) {
    throw new InvalidInput(
      'size',
      `size must be between 1 and the latest checkpoint's ${last?.size ?? 0}`,
    );
  }
}

/** How stale the newest checkpoint may get while leaves wait, before a reader's request signs a new one. */
export const CHECKPOINT_MAX_AGE_MS = 2000;

/**
 * The newest checkpoint, integrating first when leaves have waited longer
 * than CHECKPOINT_MAX_AGE_MS: checkpoints keep coming every few seconds while
 * entries arrive even where no background timer runs (a Worker).
 */
export async function freshCheckpoint(deps: ServiceDeps): Promise<CheckpointRow> {
  const last = await latestCheckpoint(deps.db);
  const pending = (await committedSize(deps.db)) > (last?.size ?? -1);
  if (!last || (pending && Date.now() - last.createdAt.getTime() >= CHECKPOINT_MAX_AGE_MS)) {
    const made = await integrate(deps);
    if (made) return made;
  }
  return last!;
}

/**
 * Starts signing a checkpoint every `intervalMs` while leaves arrive (the Node
 * server's background task; a Worker uses a Cron Trigger or freshCheckpoint).
 * @example const stop = startCheckpointer(deps); … stop();
 */
export function startCheckpointer(
  deps: ServiceDeps,
  intervalMs = 1000,
  onError: (e: unknown) => void = console.error,
): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    // integrate returns at once when no leaf is waiting.
    integrate(deps)
      .catch(onError)
      .finally(() => {
        running = false;
      });
  }, intervalMs);
  (timer as { unref?: () => void }).unref?.();
  return () => clearInterval(timer);
}

/**
 * A C2SP tlog-tiles resource (`tile/<L>/<N>[.p/<W>]` or `tile/entries/<N>[.p/<W>]`)
 * for the newest checkpoint. Full tiles never change (`immutable`); a partial
 * one is served only at the width the tree has reached.
 */
export async function readTile(
  deps: Pick<ServiceDeps, 'db'>,
  path: string,
): Promise<{ body: Uint8Array; immutable: boolean }> {
  let tile: ReturnType<typeof parseTilePath>;
  try {
    tile = parseTilePath(path);
  } catch (err) {
    throw new InvalidInput('path', (err as Error).message);
  }
  const size = (await latestCheckpoint(deps.db))?.size ?? 0;
  const first = tile.index * TILE_WIDTH;
  if (tile.kind === 'entries') {
    if (first + tile.width > size) throw new NotFound('tile', path, 'path');
    const leaves = await leavesBetween(deps.db, first, first + tile.width);
    // An entry bundle: each entry as a big-endian uint16 length and its bytes (here the 32-byte entry hash).
    const body = new Uint8Array(leaves.length * 34);
    leaves.forEach((l, i) => {
      body[i * 34] = 0;
      body[i * 34 + 1] = 32;
      body.set(l.data, i * 34 + 2);
    });
    return { body, immutable: tile.width === TILE_WIDTH };
  }
  const level = tile.level * TILE_HEIGHT;
  if (first + tile.width > Math.floor(size / 2 ** level)) throw new NotFound('tile', path, 'path');
  const nodes = await nodesOfLevel(deps.db, level, first, first + tile.width);
  if (nodes.length !== tile.width) throw new NotFound('tile', path, 'path');
  const body = new Uint8Array(tile.width * 32);
  nodes.forEach((n, i) => body.set(n.hash, i * 32));
  return { body, immutable: tile.width === TILE_WIDTH };
}
