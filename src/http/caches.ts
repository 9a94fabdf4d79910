import { b64u, sha256 } from '../crypto/bytes.ts';
import type { Keyring } from '../crypto/keyring.ts';
import { keyringOf, type TrustList } from '../crypto/trust-list.ts';
import type { OrgTree } from '../domain/types.ts';
import { NotFound } from '../errors.ts';
import { signedTrustList, trustFingerprintOf, trustList } from '../service/bundle.ts';
import type { ServiceDeps } from '../service/deps.ts';
import { orgTree } from '../service/orgs.ts';

const RESIGN_AFTER_SECONDS = 3600;

/** Plain data only (no pending promises), so it may outlive the request that built it. */
interface Snapshot {
  fingerprint: string;
  tree: OrgTree;
  trust: TrustList;
  /** The trust list as served, and its strong ETag. */
  json: string;
  etag: string;
  ring: Keyring;
  /** The root-signed trust list, once made, and when (re-signed hourly: its nextUpdate/expiresAt move on). */
  jws?: { text: string; etag: string; signedAt: number };
}

/**
 * Where a snapshot lives. One per app on Node; on Workers one per isolate,
 * shared by the per-request apps, so a warm isolate neither rebuilds the tree
 * nor re-verifies the key certificates on every request. It holds only
 * resolved values: Workers forbid awaiting a promise another request created.
 */
export interface CacheSlot {
  snapshot?: Snapshot;
  checkedAt: number;
}

export const newCacheSlot = (): CacheSlot => ({ checkedAt: 0 });

/**
 * The org tree, trust list and its keyring, rebuilt when the database's
 * fingerprint changes (checked at most every `recheckMs`). A warm cache
 * verifies a scanned credential with one signature check and answers
 * authorisation questions without reading the tree.
 */
export class InstallationCache {
  private pending?: Promise<Snapshot>;
  private signing?: Promise<{ text: string; etag: string }>;

  constructor(
    private readonly deps: ServiceDeps,
    private readonly recheckMs: number,
    private readonly slot: CacheSlot = newCacheSlot(),
  ) {}

  async snapshot(force = false): Promise<Snapshot> {
    const shared = this.slot.snapshot;
    if (!force && shared && Date.now() - this.slot.checkedAt < this.recheckMs) return shared;
    this.pending ??= this.refresh().finally(() => (this.pending = undefined));
    return this.pending;
  }

  private async refresh(): Promise<Snapshot> {
    const fingerprint = await trustFingerprintOf(this.deps);
    const shared = this.slot.snapshot;
    const snap =
      shared && shared.fingerprint === fingerprint ? shared : await this.build(fingerprint);
    this.slot.snapshot = snap;
    this.slot.checkedAt = Date.now();
    return snap;
  }

  tree = async (): Promise<OrgTree> => (await this.snapshot()).tree;

  /** The tree, once `id` is known to be in it (else 404 naming the path field `id`). */
  async treeHaving(id: string): Promise<OrgTree> {
    const tree = await this.tree();
    if (!tree.has(id)) throw new NotFound('organisation', id, 'id');
    return tree;
  }

  /** `force`: check the database now, whatever the recheck interval. */
  keyring = async (force = false): Promise<Keyring> => (await this.snapshot(force)).ring;

  /**
   * The root-signed trust list: signed once per snapshot, and again when that
   * signature is an hour old, so a quiet installation never serves a list
   * past its `expiresAt` (offline verifiers refuse those).
   */
  async signed(): Promise<{ text: string; etag: string }> {
    const snap = await this.snapshot();
    const now = this.deps.now();
    if (snap.jws && now - snap.jws.signedAt < RESIGN_AFTER_SECONDS) return snap.jws;
    // The first signature carries the snapshot's iat (as trust.json does) unless that is already stale.
    const signedAt =
      !snap.jws && now - snap.trust.iat < RESIGN_AFTER_SECONDS ? snap.trust.iat : now;
    this.signing ??= signedTrustList({ ...this.deps, now: () => signedAt })
      .then(async (text) => (snap.jws = { text, etag: `"${b64u(await sha256(text))}"`, signedAt }))
      .finally(() => (this.signing = undefined));
    return this.signing;
  }

  private async build(fingerprint: string): Promise<Snapshot> {
    const [tree, trust] = await Promise.all([orgTree(this.deps), trustList(this.deps)]);
    const json = JSON.stringify(trust);
    return {
      fingerprint,
      tree,
      trust,
      json,
      etag: `"${b64u(await sha256(json))}"`,
      ring: await keyringOf(trust, this.deps.verifier),
    };
  }
}
