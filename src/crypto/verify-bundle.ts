import { replay, validateLedger } from '../domain/ledger.ts';
import { DEFAULT_RULES, type Rules } from '../domain/rules.ts';
import type { EntryClaims, NumericDate, OrgTree } from '../domain/types.ts';
import { fromB64u } from './bytes.ts';
import { logSubject } from './log-key.ts';
import { openCheckpoint } from './merkle/checkpoint.ts';
import { fromBase64, toBase64 } from './merkle/bytes.ts';
import { leafHashSync } from './merkle/hash.ts';
import { noteKeyId } from './merkle/note.ts';
import { verifyInclusion } from './merkle/proof.ts';
import {
  MAX_BUNDLE_BYTES,
  MAX_BUNDLE_ENTRIES,
  strings,
  toInclusionProof,
  type Bundle,
  type DuesProofLine,
  type InclusionProof,
} from './bundle.ts';
import type { CredentialClaims } from './credential.ts';
import { decodeEntry, entryHash } from './entry.ts';
import { JwsDecodeError, joseVerifier, type SignatureVerifier } from './jws.ts';
import { toPublicJwk, type PublicJwk } from './keys.ts';
import { buildKeyring, checkKeyUse, type Keyring } from './keyring.ts';
import { checkCredential } from './verify-credential.ts';
import { checkDues, checkDuesShape, type VerifiedDues } from './verify-dues.ts';
import { toResult, VerifyFailure, type VerifyResult } from './verify-result.ts';

export interface VerifiedBundle {
  credential: CredentialClaims;
  entries: { claims: EntryClaims; hash: string }[];
  /** The log checkpoint every entry was proven to be in; null for a bundle without one. */
  log: { origin: string; size: number; leaves: number[]; root: string } | null;
  /** The member's dues lines, each proven in its signed batch (and the batch in the log). */
  dues: VerifiedDues;
}

export interface VerifyBundleOptions {
  verifier?: SignatureVerifier;
  /** With the org tree (e.g. from a verified trust list), every entry is also re-checked against the ledger rules. */
  tree?: OrgTree;
  rules?: Rules;
  /** Refuse a bundle that carries no log checkpoint (default: accept it, reporting `log: null`). */
  requireLog?: boolean;
  /**
   * Key material the verifier already holds, e.g. a root-verified trust
   * list's certificates and revocations (`heldBy(list)`). Its revocations
   * apply whatever the bundle carries: a bundle can leave a revocation out,
   * never undo one the verifier knows.
   */
  held?: { certificates: readonly string[]; revocations: readonly string[] };
}

/** What a root-verified trust list lets a bundle verifier hold: its keys' certificates and revocations. */
export const heldBy = (list: {
  keys: readonly { certificate: string; revocation?: string | undefined }[];
}): NonNullable<VerifyBundleOptions['held']> => ({
  certificates: list.keys.map((k) => k.certificate),
  revocations: list.keys.flatMap((k) => (k.revocation ? [k.revocation] : [])),
});

const defaultVerifier = joseVerifier();

/**
 * Verifies a member's bundle offline with nothing but the root's public key.
 * @example const r = await verifyBundle(JSON.parse(text), rootJwk, Date.now() / 1000);
 *          if (!r.valid) console.error(r.code, r.at, r.message);
 */
export async function verifyBundle(
  input: unknown,
  rootJwk: PublicJwk,
  now: NumericDate,
  opts: VerifyBundleOptions = {},
): Promise<VerifyResult<VerifiedBundle>> {
  const verifier = opts.verifier ?? defaultVerifier;
  try {
    const bundle = checkShape(input);
    const tree = opts.tree;
    const parentOf =
      tree &&
      ((org: string) => {
        const n = tree.get(org);
        return n && (n.parent ?? n.id);
      });
    const ring = await buildKeyring(
      toPublicJwk(rootJwk),
      [...bundle.keys, ...(opts.held?.certificates ?? [])],
      [...bundle.revocations, ...(opts.held?.revocations ?? [])],
      verifier,
      parentOf,
    );
    checkRootPresent(ring);
    const entries = await checkEntries(bundle.entries, ring, verifier);
    checkChain(entries);
    if (opts.tree) checkRules(entries, opts.tree, opts.rules ?? DEFAULT_RULES);
    const credential = await checkCredential(bundle.credential, ring, now, verifier);
    checkHead(credential, entries);
    const log = await checkLogInclusion(bundle.log, ring, entries, opts.requireLog === true);
    const dues = await checkDues(bundle.dues, {
      ring,
      verifier,
      entries,
      credential,
      log: log && { size: log.size, root: fromBase64(log.root) },
    });
    return { valid: true, value: { credential, entries, log, dues } };
  } catch (err) {
    return toResult(err);
  }
}

/**
 * A bundle as the steps below read it: the wire format (./bundle.ts) checked
 * once, at the edge, for types and sizes, so no later step sees `unknown`.
 */
interface CheckedBundle {
  credential: string;
  entries: string[];
  keys: string[];
  revocations: string[];
  /** The signed-note checkpoint, its origin line, and one inclusion proof per entry; null when there is none. */
  log: { checkpoint: string; origin: string; proofs: InclusionProof[] } | null;
  dues: DuesProofLine[];
}

/** Checks that the input is a v1 bundle of sane size, and types each of its parts, before any cryptography runs. */
function checkShape(input: unknown): CheckedBundle {
  if (typeof input === 'string') {
    if (input.length > MAX_BUNDLE_BYTES)
      throw new VerifyFailure('MALFORMED', `bundle larger than ${MAX_BUNDLE_BYTES} bytes`);
    try {
      input = JSON.parse(input);
    } catch {
      throw new VerifyFailure('MALFORMED', 'bundle is not JSON');
    }
  }
  const b = input as { [K in keyof Bundle]?: unknown } | null;
  if (typeof b !== 'object' || b === null || b.v !== 1)
    throw new VerifyFailure('MALFORMED', 'not a v1 bundle');
  if (typeof b.credential !== 'string')
    throw new VerifyFailure('MALFORMED', 'bundle has no credential', 'credential');
  if (!strings(b.entries, MAX_BUNDLE_ENTRIES) || b.entries.length === 0)
    throw new VerifyFailure(
      'MALFORMED',
      'bundle entries must be a non-empty list of JWS',
      'entries',
    );
  if (!strings(b.keys, 1000))
    throw new VerifyFailure('MALFORMED', 'bundle keys must be a list of key certificates', 'keys');
  const revocations = b.revocations ?? [];
  if (!strings(revocations, 1000))
    throw new VerifyFailure('MALFORMED', 'bundle revocations must be a list of JWS', 'revocations');
  const total =
    b.credential.length +
    [...b.entries, ...b.keys, ...revocations].reduce((n, s) => n + s.length, 0);
  if (total > MAX_BUNDLE_BYTES)
    throw new VerifyFailure('MALFORMED', `bundle larger than ${MAX_BUNDLE_BYTES} bytes`);
  return {
    credential: b.credential,
    entries: b.entries,
    keys: b.keys,
    revocations,
    log: checkLogShape(b.checkpoint, b.proofs, b.entries.length),
    dues: checkDuesShape(b.dues),
  };
}

/** Checks that a checkpoint, when there is one, is text with one `{ index, hashes }` proof per entry. */
function checkLogShape(
  checkpoint: unknown,
  proofs: unknown,
  entries: number,
): CheckedBundle['log'] {
  if (checkpoint === null || checkpoint === undefined) return null;
  if (typeof checkpoint !== 'string')
    throw new VerifyFailure('MALFORMED', 'checkpoint must be signed-note text', 'checkpoint');
  if (!Array.isArray(proofs) || proofs.length !== entries)
    throw new VerifyFailure('MALFORMED', 'bundle needs one inclusion proof per entry', 'proofs');
  return {
    checkpoint,
    origin: checkpoint.slice(0, checkpoint.indexOf('\n')),
    proofs: proofs.map((p: unknown, i) => {
      const proof = toInclusionProof(p);
      if (!proof)
        throw new VerifyFailure(
          'MALFORMED',
          'an inclusion proof is { index, hashes: [base64…] }',
          `proofs[${i}]`,
        );
      return proof;
    }),
  };
}

/** Checks that the bundle carries the root's self-signed certificate for the key we trust. */
function checkRootPresent(ring: Keyring): void {
  if (!ring.trusted.has(ring.rootKid)) {
    throw new VerifyFailure(
      'UNTRUSTED_ROOT',
      'bundle has no self-signed certificate for the given root key',
      'keys',
    );
  }
}

/** Checks each entry: well-formed, signed by a key certified for its org at its time, signature valid. */
async function checkEntries(
  list: string[],
  ring: Keyring,
  verifier: SignatureVerifier,
): Promise<VerifiedBundle['entries']> {
  const out: VerifiedBundle['entries'] = [];
  for (const [i, jws] of list.entries()) {
    const at = `entries[${i}]`;
    let d: ReturnType<typeof decodeEntry>;
    try {
      d = decodeEntry(jws);
    } catch (err) {
      throw new VerifyFailure(
        err instanceof JwsDecodeError ? err.code : 'MALFORMED',
        (err as Error).message,
        at,
      );
    }
    // The signature first, with the key the entry names (whatever its window): a changed
    // claim — a back-dated iat included — reads as BAD_SIGNATURE, not as a key problem.
    const named = ring.trusted.get(d.header.kid);
    if (named && !(await verifier.verify(jws, d, named.jwk)))
      throw new VerifyFailure('BAD_SIGNATURE', 'entry signature does not verify', at);
    const use = checkKeyUse(ring, d.header.kid, d.claims.iss, d.claims.iat);
    if (!use.ok) throw new VerifyFailure(use.code, use.message, at);
    out.push({ claims: d.claims, hash: await entryHash(jws) });
  }
  return out;
}

/** Checks the hash chain: one member, seq 1..n without gaps, each `prv` the previous entry's hash, enroll first. */
function checkChain(entries: VerifiedBundle['entries']): void {
  const sub = entries[0]!.claims.sub;
  entries.forEach(({ claims }, i) => {
    const at = `entries[${i}]`;
    if (claims.sub !== sub)
      throw new VerifyFailure('BROKEN_CHAIN', `entry is for member ${claims.sub}, not ${sub}`, at);
    if (claims.seq !== i + 1)
      throw new VerifyFailure(
        'BROKEN_CHAIN',
        `entry has seq ${claims.seq} at position ${i + 1}`,
        at,
      );
    if ((i === 0) !== (claims.knd === 'enroll'))
      throw new VerifyFailure('BROKEN_CHAIN', 'a ledger starts with exactly one enroll', at);
    const expected = i === 0 ? undefined : entries[i - 1]!.hash;
    if (claims.prv !== expected)
      throw new VerifyFailure('BROKEN_CHAIN', "prv is not the previous entry's hash", at);
  });
}

/** Checks that every entry obeyed the ledger rules when it was signed. */
function checkRules(entries: VerifiedBundle['entries'], tree: OrgTree, rules: Rules): void {
  const problem = validateLedger(entries, { tree, rules });
  if (problem) {
    throw new VerifyFailure('RULE_VIOLATION', problem.message, `entries[${problem.seq - 1}]`);
  }
}

/** Checks that the credential describes exactly the newest entry: same member, seq, hash, org and status. */
function checkHead(c: CredentialClaims, entries: VerifiedBundle['entries']): void {
  const last = entries[entries.length - 1]!;
  const at = 'credential';
  if (c.sub !== last.claims.sub)
    throw new VerifyFailure('HEAD_MISMATCH', 'credential is for another member', at);
  if (c.seq !== entries.length || c.hd !== last.hash) {
    throw new VerifyFailure(
      'HEAD_MISMATCH',
      `credential names seq ${c.seq}, the ledger has ${entries.length} entries ending elsewhere`,
      at,
    );
  }
  const state = replay(entries);
  if (state.org !== c.org || state.status !== c.st || state.name !== c.nam) {
    throw new VerifyFailure(
      'HEAD_MISMATCH',
      `credential says ${c.nam}, ${c.st} at ${c.org}; the ledger says ${state.name}, ${state.status} at ${state.org}`,
      at,
    );
  }
}

/**
 * Checks the log: the checkpoint is signed by the log key the root certified
 * for its origin, and every entry has an inclusion proof against it.
 */
async function checkLogInclusion(
  log: CheckedBundle['log'],
  ring: Keyring,
  entries: VerifiedBundle['entries'],
  required: boolean,
): Promise<VerifiedBundle['log']> {
  if (log === null) {
    if (required)
      throw new VerifyFailure('BAD_CHECKPOINT', 'bundle has no log checkpoint', 'checkpoint');
    return null;
  }
  const { origin } = log;
  const logKey = [...ring.trusted.values()].find((k) => k.org === logSubject(origin));
  if (!logKey)
    throw new VerifyFailure(
      'BAD_CHECKPOINT',
      `no root-certified log key for origin ${origin}`,
      'checkpoint',
    );
  const publicKeyRaw = fromB64u(logKey.jwk.x);
  let cp: Awaited<ReturnType<typeof openCheckpoint>>;
  try {
    cp = await openCheckpoint(log.checkpoint, {
      origin,
      verifiers: [{ name: origin, keyId: await noteKeyId(origin, publicKeyRaw), publicKeyRaw }],
    });
  } catch (err) {
    throw new VerifyFailure(
      'BAD_CHECKPOINT',
      `checkpoint does not verify: ${(err as Error).message}`,
      'checkpoint',
    );
  }
  for (const [i, entry] of entries.entries()) {
    const at = `proofs[${i}]`;
    const p = log.proofs[i]!;
    let ok: boolean;
    try {
      const leaf = leafHashSync(fromB64u(entry.hash));
      ok = await verifyInclusion(leaf, p.index, cp.size, p.hashes.map(fromBase64), cp.root);
    } catch (err) {
      throw new VerifyFailure(
        'BAD_LOG_PROOF',
        `inclusion proof is malformed: ${(err as Error).message}`,
        at,
      );
    }
    if (!ok)
      throw new VerifyFailure(
        'BAD_LOG_PROOF',
        `entry ${i + 1} is not at leaf ${p.index} of the checkpointed log`,
        at,
      );
  }
  return { origin, size: cp.size, leaves: log.proofs.map((p) => p.index), root: toBase64(cp.root) };
}
