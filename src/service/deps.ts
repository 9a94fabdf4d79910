import type { SignatureVerifier } from '../crypto/jws.ts';
import type { Kek } from '../crypto/keys.ts';
import type { Rules } from '../domain/rules.ts';
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
