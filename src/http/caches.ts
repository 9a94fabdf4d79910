import { b64u, sha256 } from '../crypto/bytes.ts';
import type { Keyring } from '../crypto/keyring.ts';
import { keyringOf, type TrustList } from '../crypto/trust-list.ts';
import type { OrgTree } from '../domain/types.ts';
import { signedTrustList, trustList } from '../service/bundle.ts';
import type { ServiceDeps } from '../service/deps.ts';
import { trustFingerprint } from '../store/fingerprint.ts';
import { loadTree } from '../store/queries.ts';

interface Snapshot {
  fingerprint: string;
  tree: OrgTree;
  trust: TrustList;
  /** The trust list as served, and its strong ETag. */
  json: string;
  etag: string;
  ring: Promise<Keyring>;
  jws?: Promise<{ text: string; etag: string }>;
}

/**
 * The org tree, trust list and its keyring, cached per app and rebuilt when the
 * database's fingerprint changes (checked at most every `recheckMs`). A warm
 * cache verifies a scanned credential with one signature check and answers
 * authorisation questions without reading the tree.
 */
export class InstallationCache {
  private current?: Promise<Snapshot>;
  private checkedAt = 0;

  constructor(
    private readonly deps: ServiceDeps,
    private readonly recheckMs: number,
  ) {}

  async snapshot(force = false): Promise<Snapshot> {
    const now = Date.now();
    if (!force && this.current && now - this.checkedAt < this.recheckMs) return this.current;
    this.checkedAt = now;
    const fingerprint = await trustFingerprint(this.deps.db);
    const cached = this.current ? await this.current.catch(() => undefined) : undefined;
    if (cached && cached.fingerprint === fingerprint) return cached;
    this.current = this.build(fingerprint);
    this.current.catch(() => (this.current = undefined));
    return this.current;
  }

  tree = async (): Promise<OrgTree> => (await this.snapshot()).tree;

  /** `force`: check the database now, whatever the recheck interval. */
  keyring = async (force = false): Promise<Keyring> => (await this.snapshot(force)).ring;

  /** The root-signed trust list; signed once per snapshot. */
  async signed(): Promise<{ text: string; etag: string }> {
    const snap = await this.snapshot();
    snap.jws ??= signedTrustList({ ...this.deps, now: () => snap.trust.iat }).then(async (text) => ({ text, etag: `"${b64u(await sha256(text))}"` }));
    snap.jws.catch(() => (snap.jws = undefined));
    return snap.jws;
  }

  private async build(fingerprint: string): Promise<Snapshot> {
    const [tree, trust] = await Promise.all([loadTree(this.deps.db), trustList(this.deps)]);
    const json = JSON.stringify(trust);
    return { fingerprint, tree, trust, json, etag: `"${b64u(await sha256(json))}"`, ring: keyringOf(trust, this.deps.verifier) };
  }
}
