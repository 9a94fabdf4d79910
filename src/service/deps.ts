import type { SignatureVerifier } from '../crypto/jws.ts';
import { importKek, type Kek } from '../crypto/keys.ts';
import { DEFAULT_RULES, type Rules } from '../domain/rules.ts';
import type { NumericDate } from '../domain/types.ts';
import type { Db } from '../store/db.ts';
import type { LedgerWriter } from '../store/append.ts';

/**
 * What the certificate service needs, built by the caller (CLI, Node server,
 * Worker, test) and passed in: nothing here is created at import time.
 */
export interface ServiceDeps {
  db: Db;
  kek: Kek;
  /** Seconds since the epoch; tests pass a fixed clock. */
  now: () => NumericDate;
  rules: Rules;
  /** Base of the QR link: `<publicUrl>/v#<credential>`. */
  publicUrl: string;
  verifier: SignatureVerifier;
  /** Unsealed signing keys by kid, so a busy org does not decrypt per request. */
  keyCache: Map<string, Promise<CryptoKey>>;
  /**
   * How ledger writes reach the database: a group-committing batcher on a
   * long-running server (createAppendBatcher), one transaction each otherwise.
   */
  ledger?: LedgerWriter;
}

export const systemClock = (): NumericDate => Math.floor(Date.now() / 1000);

export interface ServiceDepsOptions {
  db: Db;
  /** The key-encryption key as configured (PMC_KEK): 32 bytes, base64url. */
  kekText: string;
  /** Base of the QR link; a trailing slash is dropped so links never read `//v`. */
  publicUrl: string;
  /** The runtime's fastest verifier: node:crypto on Node, WebCrypto in a Worker. */
  verifier: SignatureVerifier;
  /** Default: the system clock. */
  now?: () => NumericDate;
  /** Default: DEFAULT_RULES. */
  rules?: Rules;
  /** Default: one transaction per write (what a Worker, the CLI and a bench's set-up want). */
  ledger?: LedgerWriter;
}

/**
 * The one way to build ServiceDeps (the CLI, the Node server, the Worker,
 * tests and benches all call it), so a new dependency is added once, with its
 * default, instead of in five hand-built copies.
 * @example const deps = await buildServiceDeps({ db, kekText: env.PMC_KEK, publicUrl, verifier: nodeVerifier() });
 */
export async function buildServiceDeps(o: ServiceDepsOptions): Promise<ServiceDeps> {
  return {
    db: o.db,
    kek: await importKek(o.kekText),
    now: o.now ?? systemClock,
    rules: o.rules ?? DEFAULT_RULES,
    publicUrl: o.publicUrl.replace(/\/+$/, ''),
    verifier: o.verifier,
    keyCache: new Map(),
    ...(o.ledger ? { ledger: o.ledger } : {}),
  };
}
