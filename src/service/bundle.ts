import type { Bundle, DuesProofLine } from '../crypto/bundle.ts';
import { proveDuesLines } from '../crypto/dues-batch.ts';
import { batchesById, linesOfMembers } from '../store/dues.ts';
import { currentCredential } from './credential-refresh.ts';
import { decodeJws } from '../crypto/jws.ts';
import {
  signTrustList,
  TRUST_LIFETIME_SECONDS,
  TRUST_NEXT_UPDATE_SECONDS,
  type TrustList,
} from '../crypto/trust-list.ts';
import { trustFingerprint } from '../store/fingerprint.ts';
import { getMember, keysOf, listEntries, loadTree } from '../store/queries.ts';
import type { OrgKeyRow } from '../store/rows.ts';
import { NotFound } from '../errors.ts';
import type { ServiceDeps } from './deps.ts';
import { signerFor } from './keys.ts';
import { integrate, logIdentity } from './log.ts';
import { inclusionProof } from '../crypto/merkle/tree.ts';
import { nodeReader } from '../store/log.ts';
import { toBase64 } from '../crypto/merkle/bytes.ts';
import { rootId } from './orgs.ts';

/**
 * Everything a verifier needs for one member, with only the root key in hand:
 * the credential, every entry, and the key certificates (and revocations)
 * from each signer up to the root's self-signed one.
 */
export async function exportBundle(deps: ServiceDeps, memberId: string): Promise<Bundle> {
  if (!(await getMember(deps.db, memberId))) throw new NotFound('member', memberId, 'member');
  // The credential as it stands now: re-issued if the dues record moved its `due`.
  const credential = await currentCredential(deps, memberId);
  const row = { credential };
  const entries = await listEntries(deps.db, memberId);
  const dues = await duesOf(deps, memberId);
  const all = await keysOf(deps.db);
  const byKid = new Map(all.map((k) => [k.kid, k]));
  // The credential names no kid (to keep the QR small): include every key of its issuing org.
  const issuer = decodeJws(row.credential, 'pmc+jwt', { kidOptional: true }).claims.iss;
  const signers = [
    ...entries.map((e) => decodeJws(e.jws, 'pmc-entry+jwt').header.kid),
    ...dues.map((d) => decodeJws(d.item.batch, 'pmc-dues+jwt').header.kid),
    ...all.filter((k) => k.orgId === issuer).map((k) => k.kid),
  ];
  const chain = certificateChain(byKid, signers);
  // Entries were read first, so the checkpoint made now covers every one of them.
  const checkpoint = await integrate(deps);
  const log = await logIdentity(deps);
  // Every entry is below the checkpoint's size (read before it was made), so the proofs need no further checks.
  const reader = nodeReader(deps.db);
  const proofs = checkpoint
    ? await Promise.all(
        entries.map(async (e) => ({
          index: e.leafIndex,
          hashes: (await inclusionProof(e.leafIndex, checkpoint.size, reader)).map(toBase64),
        })),
      )
    : [];
  return {
    v: 1,
    credential: row.credential,
    entries: entries.map((e) => e.jws),
    keys: [...chain.map((k) => k.certificate), log.certificate],
    revocations: chain.flatMap((k) => (k.revocation ? [k.revocation] : [])),
    dues: checkpoint ? await withLogProofs(deps, dues, checkpoint.size) : dues.map((d) => d.item),
    checkpoint: checkpoint?.note ?? null,
    proofs,
  };
}

/** The member's dues lines, each with its batch and its proof in the batch, and the batch's log leaf. */
async function duesOf(deps: ServiceDeps, memberId: string) {
  const lines = await linesOfMembers(deps.db, [memberId]);
  const batches = await batchesById(deps.db, [...new Set(lines.map((l) => l.ref.split('#')[0]!))]);
  const out: { item: DuesProofLine; leafIndex: number }[] = [];
  for (const l of lines) {
    const [id, index] = l.ref.split('#') as [string, string];
    const b = batches.get(id)!;
    const [item] = await proveDuesLines(b.jws, b.lines, [Number(index)]);
    out.push({ item: item!, leafIndex: b.leafIndex });
  }
  return out;
}

/** Adds each batch's inclusion proof in the log of `size` leaves (every batch was read before the checkpoint). */
async function withLogProofs(
  deps: ServiceDeps,
  dues: { item: DuesProofLine; leafIndex: number }[],
  size: number,
): Promise<DuesProofLine[]> {
  const reader = nodeReader(deps.db);
  const proofs = new Map<number, string[]>();
  for (const { leafIndex } of dues)
    if (!proofs.has(leafIndex))
      proofs.set(leafIndex, (await inclusionProof(leafIndex, size, reader)).map(toBase64));
  return dues.map(({ item, leafIndex }) => ({
    ...item,
    log: { index: leafIndex, hashes: proofs.get(leafIndex)! },
  }));
}

/** The keys named, and the keys that certified them, up to the root; each once, root last. */
function certificateChain(byKid: Map<string, OrgKeyRow>, kids: string[]): OrgKeyRow[] {
  const seen = new Map<string, OrgKeyRow>();
  const visit = (kid: string) => {
    const key = byKid.get(kid);
    if (!key || seen.has(kid)) return;
    seen.set(kid, key);
    visit(decodeJws(key.certificate, 'pmc-key+jwt').header.kid);
  };
  kids.forEach(visit);
  return [...seen.values()].reverse();
}

/** The trust list: root JWK, every org, every key with its certificate and revocation. */
export async function trustList(deps: ServiceDeps): Promise<TrustList> {
  const root = await rootId(deps);
  const tree = await loadTree(deps.db);
  const keys = await keysOf(deps.db);
  const log = await logIdentity(deps);
  const rootKeys = keys.filter((k) => k.orgId === root && k.revokedAt === null);
  const rootKey = rootKeys[rootKeys.length - 1] ?? keys.find((k) => k.orgId === root)!;
  const iat = deps.now();
  return {
    v: 1,
    iat,
    root: { id: root, jwk: rootKey.publicJwk },
    orgs: [...tree.values()].map((o) => ({
      id: o.id,
      name: o.name,
      type: o.type,
      parent: o.parent,
    })),
    keys: keys.map((k) => ({
      org: k.orgId,
      kid: k.kid,
      certificate: k.certificate,
      ...(k.revocation ? { revocation: k.revocation } : {}),
    })),
    log: { origin: log.origin, vkey: log.vkey },
    nextUpdate: iat + TRUST_NEXT_UPDATE_SECONDS,
    expiresAt: iat + TRUST_LIFETIME_SECONDS,
  };
}

/** The trust list signed by the root (`/.well-known/pmc/trust.jws`). */
export async function signedTrustList(deps: ServiceDeps): Promise<string> {
  const list = await trustList(deps);
  return signTrustList(list, await signerFor(deps, list.root.id));
}

/** A cheap summary that changes whenever the trust list would (an org or key added, a key revoked): for caches. */
export const trustFingerprintOf = (deps: Pick<ServiceDeps, 'db'>): Promise<string> =>
  trustFingerprint(deps.db);
