/**
 * The one error type of the log library. `code` is a string-literal union so
 * `switch (err.code)` narrows; callers map codes to their own errors.
 *
 * A proof that is well formed but does not prove anything is not an error:
 * the verify functions return `false` for it. Errors are for input that no
 * honest log could have produced (index ≥ size, wrong proof length, bad
 * base64, a note with a forged signature…).
 */
export type MerkleErrorCode =
  /** A size or index that is not a non-negative safe integer, or index ≥ size, or size1 > size2. */
  | 'INVALID_RANGE'
  /** A hash that is not 32 bytes. */
  | 'INVALID_HASH'
  /** A proof with the wrong number of hashes for its sizes. */
  | 'INVALID_PROOF_LENGTH'
  /** Text that is not canonical standard base64 (with padding). */
  | 'INVALID_BASE64'
  /** A NodeReader returned the wrong number of hashes or a bad hash. */
  | 'NODE_READ_FAILED'
  /** A tile path that does not parse, or tile coordinates out of range. */
  | 'INVALID_TILE'
  /** A signed note that does not follow c2sp.org/signed-note. */
  | 'MALFORMED_NOTE'
  /** A note larger than the 1 MiB limit. */
  | 'NOTE_TOO_LARGE'
  /** A note signature by a known key (name and key ID) that does not verify. */
  | 'INVALID_SIGNATURE'
  /** No signature on the note is by a known key. */
  | 'UNVERIFIED_NOTE'
  /** A verifier key string (or key name) that does not follow the sumdb/note form. */
  | 'MALFORMED_KEY'
  /** Two verifiers share a name and key ID. */
  | 'AMBIGUOUS_KEY'
  /** A checkpoint body that does not follow c2sp.org/tlog-checkpoint, or the wrong origin. */
  | 'MALFORMED_CHECKPOINT';

export class MerkleError extends Error {
  readonly code: MerkleErrorCode;

  constructor(code: MerkleErrorCode, message: string, opts: { cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'MerkleError';
    this.code = code;
  }
}
