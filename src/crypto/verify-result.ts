/** Why a credential or bundle failed verification. Stable: printed by the CLI and used by tests. */
export type VerifyCode =
  | 'MALFORMED'
  | 'WRONG_TYP'
  | 'UNSUPPORTED_ALG'
  | 'BAD_SIGNATURE'
  | 'UNKNOWN_KEY'
  | 'KEY_NOT_CERTIFIED'
  | 'REVOKED_KEY'
  | 'EXPIRED'
  | 'BROKEN_CHAIN'
  | 'HEAD_MISMATCH'
  | 'RULE_VIOLATION'
  | 'UNTRUSTED_ROOT'
  | 'BAD_CHECKPOINT'
  | 'BAD_LOG_PROOF'
  // dues (src/crypto/verify-dues.ts)
  | 'BAD_DUES_SIGNATURE'
  | 'BAD_DUES_PROOF'
  | 'DUES_MISMATCH'
  | 'DUES_GAP';

export type VerifyResult<T> =
  | { valid: true; value: T }
  | {
      valid: false;
      code: VerifyCode;
      message: string;
      /** where, e.g. `entries[2]` */ at?: string;
    };

/** Thrown inside a verifier's steps and turned into an invalid result at its edge. */
export class VerifyFailure extends Error {
  constructor(
    readonly code: VerifyCode,
    message: string,
    readonly at?: string,
  ) {
    super(message);
  }
}

export function toResult<T>(err: unknown): VerifyResult<T> {
  if (err instanceof VerifyFailure) {
    return err.at === undefined
      ? { valid: false, code: err.code, message: err.message }
      : { valid: false, code: err.code, message: err.message, at: err.at };
  }
  // Anything unexpected is a malformed input, never an exception past the API.
  return {
    valid: false,
    code: 'MALFORMED',
    message: err instanceof Error ? err.message : String(err),
  };
}
