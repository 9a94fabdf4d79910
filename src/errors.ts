/**
 * One error family for the whole project. Every error carries a string-literal
 * `code` so callers can `switch (err.code)`; the HTTP layer maps codes to
 * status in exactly one place, the CLI prints `code: message`.
 */
export type ErrorCode =
  // input
  | 'INVALID_INPUT'
  | 'NOT_FOUND'
  // ledger rules (src/domain/ledger.ts)
  | 'RULE_VIOLATION'
  | 'NOT_AUTHORISED'
  // storage
  | 'LEDGER_CONFLICT'
  | 'IDEMPOTENCY_MISMATCH'
  // keys
  | 'KEY_UNAVAILABLE'
  // HTTP authentication (src/service/sessions.ts, tokens.ts, throttle.ts)
  | 'UNAUTHENTICATED'
  | 'RATE_LIMITED'
  // the database cannot be reached (src/store/unavailable.ts): 503, try again
  | 'DATABASE_UNAVAILABLE';

export class PmcError extends Error {
  readonly code: ErrorCode;
  /** The failing input field, e.g. `national_id` or `dat.to`, when there is one. */
  readonly field?: string;
  /** A finer, stable reason inside the code, e.g. `IN_TRANSIT` for RULE_VIOLATION. */
  readonly reason?: string;

  constructor(
    code: ErrorCode,
    message: string,
    opts: { field?: string; reason?: string; cause?: unknown } = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = new.target.name;
    this.code = code;
    if (opts.field !== undefined) this.field = opts.field;
    if (opts.reason !== undefined) this.reason = opts.reason;
  }
}

/** Bad input: names the field. */
export class InvalidInput extends PmcError {
  constructor(field: string, message: string, opts: { cause?: unknown } = {}) {
    super('INVALID_INPUT', message, { ...opts, field });
  }
}

/**
 * A change to the organisation tree refused (422): `reason` ORG_EXISTS (the id
 * is taken, dissolved orgs included), ORG_CYCLE (a move under itself or its
 * own descendant), ORG_NOT_EMPTY (a dissolution while members, members in
 * transit to it or live child orgs remain), ORG_DISSOLVED (acting on or
 * under a dissolved org).
 */
export class OrgRefused extends PmcError {
  constructor(
    reason: 'ORG_EXISTS' | 'ORG_CYCLE' | 'ORG_NOT_EMPTY' | 'ORG_DISSOLVED',
    field: string,
    message: string,
  ) {
    super('INVALID_INPUT', message, { field, reason });
  }
}

export class NotFound extends PmcError {
  constructor(what: string, id: string, field?: string) {
    super('NOT_FOUND', `${what} not found: ${id}`, field === undefined ? {} : { field });
  }
}

/** A ledger rule refused the entry; `reason` says which rule. */
export class RuleViolation extends PmcError {
  constructor(reason: string, message: string, field?: string) {
    super('RULE_VIOLATION', message, field === undefined ? { reason } : { reason, field });
  }
}

/** The acting organisation may not sign this entry for this member. */
export class NotAuthorised extends PmcError {
  constructor(message: string, field?: string) {
    super('NOT_AUTHORISED', message, field === undefined ? {} : { field });
  }
}

/** Someone else appended to the member's ledger first: the head moved. */
export class LedgerConflict extends PmcError {
  constructor(message: string, opts: { cause?: unknown } = {}) {
    super('LEDGER_CONFLICT', message, opts);
  }
}

/** An idempotency key was reused with a different request. */
export class IdempotencyMismatch extends PmcError {
  constructor(key: string) {
    super(
      'IDEMPOTENCY_MISMATCH',
      `idempotency key ${key} was already used for a different request`,
      {
        field: 'idempotency_key',
      },
    );
  }
}

/** No valid session or token; `reason` says which (NO_CREDENTIALS, BAD_PASSWORD, SESSION_EXPIRED, …). */
export class Unauthenticated extends PmcError {
  constructor(reason: string, message: string) {
    super('UNAUTHENTICATED', message, { reason });
  }
}

/** Too many failed logins (or, reason BUSY, too many at once): try again in `retryAfter` seconds. */
export class RateLimited extends PmcError {
  constructor(
    readonly retryAfter: number,
    message = `too many failed logins: try again in ${retryAfter} s`,
    reason?: string,
  ) {
    super('RATE_LIMITED', message, reason === undefined ? {} : { reason });
  }
}

/** Rows of an import or a recorded table refused: each names its row and field; nothing was recorded. */
export class InvalidRows extends PmcError {
  constructor(
    readonly rows: readonly { row: number; field: string; reason: string; message: string }[],
  ) {
    const first = rows[0]!;
    super(
      'INVALID_INPUT',
      `${rows.length} row(s) invalid; first: row ${first.row}, ${first.field}: ${first.message}`,
      { field: `rows[${first.row}].${first.field}`, reason: 'INVALID_ROWS' },
    );
  }

  /** Every refused row, as problem+json's `errors` extension. */
  get errors() {
    return this.rows;
  }
}

/** The database cannot be reached right now (connection refused, terminated, closed): retry in `retryAfter` seconds. */
export class DatabaseUnavailable extends PmcError {
  constructor(
    readonly retryAfter = 5,
    opts: { cause?: unknown } = {},
  ) {
    super('DATABASE_UNAVAILABLE', 'the database is unavailable: try again shortly', opts);
  }
}
