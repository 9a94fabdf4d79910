/**
 * A complete, valid installation and member bundle built in memory with the
 * crypto functions alone (no database, no clock): root → c1 → b1, b2, each
 * key certified by its parent, and a member who enrolled at b1, was
 * transferred out to b2 and arrived there. Tests mutate it; the helpers
 * re-sign mutated claims so a mutant can be *validly signed* everywhere
 * except where the test means it to break.
 *
 * Keys are throwaway test keys derived from a seed label (Ed25519 signatures
 * are deterministic, so the same seed gives byte-identical vectors). Never
 * write `privateJwk` anywhere.
 */
import { b64u, fromB64u, sha256, utf8 } from '../../src/crypto/bytes.ts';
import type { Bundle } from '../../src/crypto/bundle.ts';
import {
  CREDENTIAL_TTL_SECONDS,
  issueCredential,
  type CredentialClaims,
} from '../../src/crypto/credential.ts';
import { signEntry, type SignedEntry } from '../../src/crypto/entry.ts';
import { decodeJws, signJws, type JwsTyp, type Signer } from '../../src/crypto/jws.ts';
import {
  issueKeyCertificate,
  issueRevocation,
  type RevocationClaims,
} from '../../src/crypto/key-cert.ts';
import { thumbprint, toPublicJwk, type PublicJwk } from '../../src/crypto/keys.ts';
import type { TrustList } from '../../src/crypto/trust-list.ts';
import type { VerifyCode } from '../../src/crypto/verify-result.ts';
import { decide, evolve, replay } from '../../src/domain/ledger.ts';
import type { Intent } from '../../src/domain/kinds/index.ts';
import type { MemberState } from '../../src/domain/ledger-types.ts';
import { DEFAULT_RULES, type Rules } from '../../src/domain/rules.ts';
import type { EntryClaims, NumericDate, OrgNode, OrgTree } from '../../src/domain/types.ts';
import { duesCases } from './dues-fixtures.ts';

export const DAY = 86_400;
/** The fixed clock: 2026-06-01T00:00:00Z. */
export const NOW: NumericDate = Date.parse('2026-06-01T00:00:00Z') / 1000;

export type OrgId = 'root' | 'c1' | 'b1' | 'b2';

export const ORG_NODES: OrgNode[] = [
  { id: 'root', name: '市委组织部', type: 'root', parent: null },
  { id: 'c1', name: '市公安局党委', type: 'committee', parent: 'root' },
  { id: 'b1', name: '第一党支部', type: 'branch', parent: 'c1' },
  { id: 'b2', name: '第二党支部', type: 'branch', parent: 'c1' },
];

/** A test key: what a signer needs, plus its public half. */
export interface TestKey extends Signer {
  publicJwk: PublicJwk;
}

/** When everything happened, relative to NOW. */
export const TIMES = {
  keysNbf: NOW - 365 * DAY,
  keysExp: NOW + 5 * 365 * DAY,
  enroll: NOW - 10 * DAY,
  transferOut: NOW - 7 * DAY,
  arrival: NOW - 3 * DAY,
  credential: NOW - 3 * DAY + 60,
} as const;

export const MEMBER = {
  id: 'm7k2p9x4q1za',
  name: '张三丰',
  due: '2026-05',
  officer: 'officer-7',
} as const;

/** One ledger step before signing: who signs, and the claims (prv is filled in by `link`). */
export interface EntryDraft {
  claims: EntryClaims;
  signer: Signer;
}

export interface PureFixture {
  now: NumericDate;
  times: typeof TIMES;
  tree: OrgTree;
  rules: Rules;
  rootJwk: PublicJwk;
  /** Each org's key, by org id (private halves stay in memory). */
  signers: Record<OrgId, TestKey>;
  /** Each org's key certificate, by org id. */
  certificates: Record<OrgId, string>;
  /** The signed ledger, in seq order, and the state it folds to. */
  ledger: SignedEntry[];
  state: MemberState;
  credentialClaims: CredentialClaims;
  bundle: Bundle;
  trustList: TrustList;

  /** Makes a key for `org` that no one has certified (yet). */
  freshKey(org: string, label?: string): Promise<TestKey>;
  /** Certifies `key` as `sub`'s key, signed by `by` (claiming to be `iss`, by default `by.orgId`). */
  certify(key: TestKey, sub: string, by: Signer, iss?: string): Promise<string>;
  /** A revocation of `key` (an org's key) signed by `by`, effective from `rev`. */
  revoke(key: TestKey, by: Signer, rev: NumericDate): Promise<string>;
  /** The drafts of the valid ledger, each with its signer: copy, mutate, then `link`. */
  drafts(): EntryDraft[];
  /** Re-links drafts into a chain (seq 1..n, prv = previous hash) and signs each with its signer. */
  link(drafts: EntryDraft[]): Promise<SignedEntry[]>;
  /** A credential describing the head of `entries` (org and status from replay), signed by the last signer unless given. */
  credentialFor(
    entries: SignedEntry[],
    over?: Partial<CredentialClaims>,
    signer?: Signer,
  ): Promise<string>;
  /** A bundle around `entries`: its credential, the four certificates, no revocations, unless overridden. */
  bundleFor(entries: SignedEntry[], over?: Partial<Bundle>): Promise<Bundle>;
  /** Decodes a compact JWS (no verification), lets `mutate` change its claims, and re-signs it with `signer`. */
  resign(
    jws: string,
    typ: JwsTyp,
    mutate: (claims: Record<string, unknown>) => void,
    signer: Signer,
  ): Promise<string>;
  /** The signer of an org by id (throws for an unknown one). */
  signerOf(org: string): TestKey;
}

// PKCS#8 wrapper of a raw 32-byte Ed25519 seed (RFC 8410): lets WebCrypto import a seed.
const PKCS8_ED25519_PREFIX = Uint8Array.from([
  0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
]);

/** A deterministic Ed25519 test key from a label: seed = SHA-256(`pmcert test key <label>`). */
export async function testKey(org: string, label: string): Promise<TestKey> {
  const seed = await sha256(`pmcert test key ${label}`);
  const pkcs8 = new Uint8Array(PKCS8_ED25519_PREFIX.length + 32);
  pkcs8.set(PKCS8_ED25519_PREFIX);
  pkcs8.set(seed, PKCS8_ED25519_PREFIX.length);
  const privateKey = await crypto.subtle.importKey('pkcs8', pkcs8, { name: 'Ed25519' }, true, [
    'sign',
  ]);
  const jwk = await crypto.subtle.exportKey('jwk', privateKey);
  const publicJwk = toPublicJwk({ kty: jwk.kty, crv: jwk.crv, x: jwk.x });
  const kid = await thumbprint(publicJwk);
  // Re-import as non-extractable: nothing below can leak the private half by accident.
  const signing = await crypto.subtle.importKey('jwk', jwk, { name: 'Ed25519' }, false, ['sign']);
  return { orgId: org, kid, privateKey: signing, publicJwk: { ...publicJwk, kid } };
}

/**
 * Builds the fixture. `seed` varies every key (default: fixed, so vectors
 * are reproducible).
 * @example const fx = await buildPureFixture(); await verifyBundle(fx.bundle, fx.rootJwk, fx.now);
 */
export async function buildPureFixture(opts: { seed?: string } = {}): Promise<PureFixture> {
  const seed = opts.seed ?? 'v1';
  const tree: OrgTree = new Map(ORG_NODES.map((n) => [n.id, n]));
  const rules = DEFAULT_RULES;
  const signers = {} as Record<OrgId, TestKey>;
  for (const { id } of ORG_NODES) signers[id as OrgId] = await testKey(id, `${seed}/${id}`);

  const certify = (key: TestKey, sub: string, by: Signer, iss = by.orgId): Promise<string> =>
    issueKeyCertificate(
      { iss, sub, jwk: key.publicJwk, nbf: TIMES.keysNbf, exp: TIMES.keysExp, iat: TIMES.keysNbf },
      by,
    );

  const certificates = {} as Record<OrgId, string>;
  for (const node of ORG_NODES) {
    const id = node.id as OrgId;
    certificates[id] = await certify(signers[id], id, signers[(node.parent ?? id) as OrgId]);
  }

  const signerOf = (org: string): TestKey => {
    const s = signers[org as OrgId];
    if (!s) throw new Error(`no test signer for ${org}`);
    return s;
  };

  // The valid ledger, decided by the domain exactly as the service would.
  const steps: { intent: Intent; iss: OrgId; iat: NumericDate }[] = [
    {
      intent: {
        kind: 'enroll',
        org: 'b1',
        name: MEMBER.name,
        category: 'full',
        personnel: 'police',
        joined: '2015-07-01',
        fullOn: '2016-07-01',
      },
      iss: 'b1',
      iat: TIMES.enroll,
    },
    {
      intent: { kind: 'transfer_out', to: 'b2', reason: '工作调动' },
      iss: 'b1',
      iat: TIMES.transferOut,
    },
    { intent: { kind: 'arrival', at: 'b2' }, iss: 'b2', iat: TIMES.arrival },
  ];
  let state: MemberState | undefined;
  const ledger: SignedEntry[] = [];
  for (const step of steps) {
    const { knd, dat } = decide(state, step.intent, { tree, rules, now: step.iat, iss: step.iss });
    const claims = {
      sub: MEMBER.id,
      seq: ledger.length + 1,
      knd,
      iss: step.iss,
      act: MEMBER.officer,
      iat: step.iat,
      dat,
    } as EntryClaims;
    if (state?.head !== undefined) claims.prv = state.head;
    const signed = await signEntry(claims, signers[step.iss]);
    state = evolve(state, claims, signed.hash);
    ledger.push(signed);
  }

  const link = async (drafts: EntryDraft[]): Promise<SignedEntry[]> => {
    const out: SignedEntry[] = [];
    for (const [i, d] of drafts.entries()) {
      const claims = { ...d.claims, seq: i + 1 } as EntryClaims;
      delete claims.prv;
      if (i > 0) claims.prv = out[i - 1]!.hash;
      out.push(await signEntry(claims, d.signer));
    }
    return out;
  };

  const credentialFor = async (
    entries: SignedEntry[],
    over: Partial<CredentialClaims> = {},
    signer?: Signer,
  ): Promise<string> => {
    const s = replay(entries);
    const by = signer ?? signerOf(entries.at(-1)!.claims.iss);
    const claims: CredentialClaims = {
      iss: by.orgId,
      sub: s.id,
      nam: s.name,
      org: s.org,
      st: s.status,
      seq: s.seq,
      hd: s.head!,
      due: MEMBER.due,
      iat: TIMES.credential,
      exp: TIMES.credential + CREDENTIAL_TTL_SECONDS,
      ...over,
    };
    return issueCredential(claims, by);
  };

  const bundleFor = async (
    entries: SignedEntry[],
    over: Partial<Bundle> = {},
  ): Promise<Bundle> => ({
    v: 1,
    credential: over.credential ?? (await credentialFor(entries)),
    entries: entries.map((e) => e.jws),
    // As the service orders them: signers first, the root's self-signed one last.
    keys: [certificates.b1, certificates.b2, certificates.c1, certificates.root],
    revocations: [],
    dues: [],
    checkpoint: null,
    proofs: [],
    ...over,
  });

  const credential = await credentialFor(ledger);
  const bundle = await bundleFor(ledger, { credential });
  const credentialClaims = decodeJws(credential, 'pmc+jwt', { kidOptional: true })
    .claims as unknown as CredentialClaims;

  const trustList: TrustList = {
    v: 1,
    iat: NOW - DAY,
    root: { id: 'root', jwk: toPublicJwk(signers.root.publicJwk) },
    orgs: ORG_NODES.map((o) => ({ ...o })),
    keys: ORG_NODES.map((o) => ({
      org: o.id,
      kid: signers[o.id as OrgId].kid,
      certificate: certificates[o.id as OrgId],
    })),
  };

  return {
    now: NOW,
    times: TIMES,
    tree,
    rules,
    rootJwk: toPublicJwk(signers.root.publicJwk),
    signers,
    certificates,
    ledger,
    state: state!,
    credentialClaims,
    bundle,
    trustList,
    freshKey: (org, label = `fresh/${org}`) => testKey(org, `${seed}/${label}`),
    certify,
    revoke: (key, by, rev) => {
      const claims: RevocationClaims = {
        iss: by.orgId,
        sub: key.orgId,
        kid: key.kid,
        rev,
        iat: Math.min(rev, NOW - DAY),
        reason: 'key compromised',
      };
      return issueRevocation(claims, by);
    },
    drafts: () =>
      ledger.map((e) => ({ claims: structuredClone(e.claims), signer: signerOf(e.claims.iss) })),
    link,
    credentialFor,
    bundleFor,
    async resign(jws, typ, mutate, signer) {
      const d = decodeJws(jws, typ, { kidOptional: typ === 'pmc+jwt' });
      const claims = structuredClone(d.claims);
      mutate(claims);
      return signJws(claims, typ, signer, { kid: typ !== 'pmc+jwt' });
    },
    signerOf,
  };
}

/** Replaces the character at `i` of `s` with a different base64url character. */
export function flipChar(s: string, i: number): string {
  const c = s[i]!;
  const next = c === 'A' ? 'B' : 'A';
  return s.slice(0, i) + next + s.slice(i + 1);
}

/** Flips a character in the middle of a compact JWS's signature segment. */
export function flipSignature(jws: string): string {
  const start = jws.lastIndexOf('.') + 1;
  return flipChar(jws, start + Math.floor((jws.length - start) / 2));
}

/** A compact JWS with the given header and claims and a given (possibly empty) signature segment. */
export function rawJws(header: object, claims: object, signature = ''): string {
  return `${b64u(utf8(JSON.stringify(header)))}.${b64u(utf8(JSON.stringify(claims)))}.${signature}`;
}

/** An HS256 compact JWS keyed with `secret`: the classic "verify HMAC with the public key" confusion. */
export async function hs256Jws(
  header: object,
  claims: object,
  secret: Uint8Array,
): Promise<string> {
  const key = await crypto.subtle.importKey(
    'raw',
    Uint8Array.from(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const input = `${b64u(utf8(JSON.stringify(header)))}.${b64u(utf8(JSON.stringify(claims)))}`;
  return `${input}.${b64u(new Uint8Array(await crypto.subtle.sign('HMAC', key, Uint8Array.from(utf8(input)))))}`;
}

/** One mutant of the valid bundle and what `verifyBundle` must say about it. */
export interface BundleCase {
  /** kebab-case; the vector's file name */
  name: string;
  expect: VerifyCode | 'VALID';
  /** the failing place (`entries[2]`, `credential`, `keys`), when the verifier names one */
  at?: string;
  why: string;
  bundle: unknown;
  root: PublicJwk;
  now: NumericDate;
  /** verify with the fixture's org tree (ledger rules re-checked) */
  tree?: boolean;
  /** false for inputs too big to commit as a file (10 MB) */
  vector?: false;
}

/**
 * The valid bundle and one mutant per failure code, each breaking exactly
 * one thing: everything else is validly signed and linked. Shared by
 * test/verify-bundle.test.ts and the vector generator.
 */
export async function bundleCases(fx: PureFixture): Promise<BundleCase[]> {
  const { bundle, signers, rootJwk, now, times } = fx;
  const base = { root: rootJwk, now };
  const cases: BundleCase[] = [];
  const add = (c: Omit<BundleCase, 'root' | 'now'> & Partial<Pick<BundleCase, 'root' | 'now'>>) =>
    cases.push({ ...base, ...c });

  add({
    name: 'valid',
    expect: 'VALID',
    why: 'enroll at b1, transfer_out b1→b2, arrival at b2; credential by b2 names the head',
    bundle,
  });
  add({
    name: 'valid-with-tree',
    expect: 'VALID',
    tree: true,
    why: 'the same bundle also obeys every ledger rule',
    bundle,
  });

  // ---- MALFORMED
  add({
    name: 'malformed-version',
    expect: 'MALFORMED',
    why: 'v is 2',
    bundle: { ...bundle, v: 2 },
  });
  add({
    name: 'malformed-trailing-garbage',
    expect: 'MALFORMED',
    why: 'the bundle as JSON text with one trailing character',
    bundle: `${JSON.stringify(bundle)}x`,
  });
  add({
    name: 'malformed-no-entries',
    expect: 'MALFORMED',
    at: 'entries',
    why: 'entries is empty',
    bundle: { ...bundle, entries: [] },
  });
  add({
    name: 'malformed-10mb-string',
    expect: 'MALFORMED',
    why: 'a 10 MB string is refused before parsing',
    bundle: `{"v":1,"credential":"${'a'.repeat(10 * 1024 * 1024)}"}`,
    vector: false,
  });
  add({
    name: 'malformed-10mb-entry',
    expect: 'MALFORMED',
    why: 'a bundle object holding a 10 MB entry is refused before any cryptography',
    bundle: { ...bundle, entries: [bundle.entries[0], 'e'.repeat(10 * 1024 * 1024)] },
    vector: false,
  });

  // ---- BAD_SIGNATURE
  add({
    name: 'entry-signature-flipped',
    expect: 'BAD_SIGNATURE',
    at: 'entries[1]',
    why: 'one character in the middle of the transfer_out signature replaced',
    bundle: { ...bundle, entries: bundle.entries.map((e, i) => (i === 1 ? flipSignature(e) : e)) },
  });
  add({
    name: 'credential-signature-flipped',
    expect: 'BAD_SIGNATURE',
    at: 'credential',
    why: 'one character in the middle of the credential signature replaced',
    bundle: { ...bundle, credential: flipSignature(bundle.credential) },
  });

  // ---- BROKEN_CHAIN
  const [e1, e2, e3] = bundle.entries as [string, string, string];
  add({
    name: 'entries-reordered',
    expect: 'BROKEN_CHAIN',
    at: 'entries[1]',
    why: 'transfer_out and arrival swapped',
    bundle: { ...bundle, entries: [e1, e3, e2] },
  });
  add({
    name: 'middle-entry-dropped',
    expect: 'BROKEN_CHAIN',
    at: 'entries[1]',
    why: 'transfer_out removed: the arrival (seq 3) follows enroll',
    bundle: { ...bundle, entries: [e1, e3] },
  });

  // ---- HEAD_MISMATCH
  add({
    name: 'last-entry-dropped',
    expect: 'HEAD_MISMATCH',
    at: 'credential',
    why: 'arrival removed: the credential names a head that is not there',
    bundle: { ...bundle, entries: [e1, e2] },
  });
  add({
    name: 'credential-other-status',
    expect: 'HEAD_MISMATCH',
    at: 'credential',
    why: 'credential validly signed by b2 but says in_transit; the ledger says normal',
    bundle: { ...bundle, credential: await fx.credentialFor(fx.ledger, { st: 'in_transit' }) },
  });
  add({
    name: 'credential-other-org',
    expect: 'HEAD_MISMATCH',
    at: 'credential',
    why: 'credential validly signed by b2 but says the member is at b1; the ledger says b2',
    bundle: { ...bundle, credential: await fx.credentialFor(fx.ledger, { org: 'b1' }) },
  });

  // ---- keys: a re-signed arrival, chain re-linked and credential re-issued (by the real b2 key) so only the key is wrong
  const arrivalBy = async (key: TestKey, extraKeys: string[]) => {
    const drafts = fx.drafts();
    drafts[2]!.signer = key;
    const entries = await fx.link(drafts);
    return fx.bundleFor(entries, {
      keys: [...bundle.keys, ...extraKeys],
      credential: await fx.credentialFor(entries, {}, signers.b2),
    });
  };
  const selfCertified = await fx.freshKey('b2', 'self-certified');
  add({
    name: 'key-self-certified',
    expect: 'KEY_NOT_CERTIFIED',
    at: 'entries[2]',
    why: 'the arrival is signed by a key for b2 whose certificate it signed itself',
    bundle: await arrivalBy(selfCertified, [
      await fx.certify(selfCertified, 'b2', selfCertified, 'c1'),
    ]),
  });
  const stranger = await fx.freshKey('root', 'stranger-root');
  const strangerCertified = await fx.freshKey('b2', 'stranger-certified');
  add({
    name: 'key-certified-by-stranger',
    expect: 'KEY_NOT_CERTIFIED',
    at: 'entries[2]',
    why: 'the arrival is signed by a key for b2 certified by a self-signed "root" key that is not the trusted root',
    bundle: await arrivalBy(strangerCertified, [
      await fx.certify(stranger, 'root', stranger),
      await fx.certify(strangerCertified, 'b2', stranger, 'c1'),
    ]),
  });
  add({
    name: 'unknown-kid',
    expect: 'UNKNOWN_KEY',
    at: 'entries[2]',
    why: 'the arrival is signed by a key named in no certificate',
    bundle: await arrivalBy(await fx.freshKey('b2', 'uncertified'), []),
  });

  // ---- REVOKED_KEY: c1 revokes b2's key
  add({
    name: 'revoked-before-arrival',
    expect: 'REVOKED_KEY',
    at: 'entries[2]',
    why: "c1 revoked b2's key one day before b2 signed the arrival",
    bundle: {
      ...bundle,
      revocations: [await fx.revoke(signers.b2, signers.c1, times.arrival - DAY)],
    },
  });
  add({
    name: 'revoked-after-signatures',
    expect: 'VALID',
    why: "c1 revoked b2's key a day after its last signature: what it signed before stays valid",
    bundle: {
      ...bundle,
      revocations: [await fx.revoke(signers.b2, signers.c1, times.credential + DAY)],
    },
  });

  // ---- EXPIRED
  add({
    name: 'credential-expired',
    expect: 'EXPIRED',
    at: 'credential',
    why: "verified one second after the credential's exp",
    bundle,
    now: fx.credentialClaims.exp + 1,
  });

  // ---- UNSUPPORTED_ALG
  const claims = fx.credentialClaims;
  add({
    name: 'credential-alg-none',
    expect: 'UNSUPPORTED_ALG',
    at: 'credential',
    why: 'credential with header {"alg":"none","typ":"pmc+jwt"} and an empty signature',
    bundle: { ...bundle, credential: rawJws({ alg: 'none', typ: 'pmc+jwt' }, claims) },
  });
  add({
    name: 'entry-alg-none',
    expect: 'UNSUPPORTED_ALG',
    at: 'entries[1]',
    why: 'transfer_out with alg none and an empty signature',
    bundle: {
      ...bundle,
      entries: [
        e1,
        rawJws({ alg: 'none', typ: 'pmc-entry+jwt', kid: signers.b1.kid }, fx.ledger[1]!.claims),
        e3,
      ],
    },
  });
  const b2Raw = fromB64u(signers.b2.publicJwk.x);
  add({
    name: 'credential-hs256-raw-public-key',
    expect: 'UNSUPPORTED_ALG',
    at: 'credential',
    why: "credential as HS256 keyed with b2's raw 32-byte public key",
    bundle: {
      ...bundle,
      credential: await hs256Jws({ alg: 'HS256', typ: 'pmc+jwt' }, claims, b2Raw),
    },
  });
  add({
    name: 'credential-hs256-jwk-json',
    expect: 'UNSUPPORTED_ALG',
    at: 'credential',
    why: "credential as HS256 keyed with b2's public JWK as JSON text",
    bundle: {
      ...bundle,
      credential: await hs256Jws(
        { alg: 'HS256', typ: 'pmc+jwt', kid: signers.b2.kid },
        claims,
        utf8(JSON.stringify(toPublicJwk(signers.b2.publicJwk))),
      ),
    },
  });

  // ---- WRONG_TYP
  add({
    name: 'entry-as-credential',
    expect: 'WRONG_TYP',
    at: 'credential',
    why: 'the arrival entry JWS given as the credential',
    bundle: { ...bundle, credential: e3 },
  });

  // ---- UNTRUSTED_ROOT
  add({
    name: 'root-swapped',
    expect: 'UNTRUSTED_ROOT',
    at: 'keys',
    why: 'verified against another root public key than the one that signed the chain',
    bundle,
    root: toPublicJwk((await fx.freshKey('root', 'other-root')).publicJwk),
  });

  // ---- RULE_VIOLATION: arrival at c1 instead of b2, re-signed by b2, chain and credential rebuilt
  const drafts = fx.drafts();
  (drafts[2]!.claims.dat as { at: string }).at = 'c1';
  const wrongArrival = await fx.link(drafts);
  const wrongBundle = await fx.bundleFor(wrongArrival);
  add({
    name: 'arrival-wrong-destination',
    expect: 'RULE_VIOLATION',
    at: 'entries[2]',
    tree: true,
    why: 'the arrival says at c1 though the transfer goes to b2; everything else re-signed and valid',
    bundle: wrongBundle,
  });
  add({
    name: 'arrival-wrong-destination-no-tree',
    expect: 'VALID',
    why: 'the same bundle without the org tree: signatures and chain alone cannot see a broken rule',
    bundle: wrongBundle,
  });
  for (const c of await duesCases(fx)) add(c);
  return cases;
}
