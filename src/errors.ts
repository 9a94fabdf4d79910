import type { VerifyCode } from './crypto/verify-result.ts';
import type { FilingReason, RuleReason } from './domain/reasons.ts';

/**
 * One error family for the whole project. Every error carries a string-literal
 * `code` so callers can `switch (err.code)`, and optionally a `reason` from a
 * closed union, so the message catalogue must title each one (a missing
 * title does not compile). The HTTP layer maps codes to status in exactly one
 * place (src/http/problem.ts CODE_STATUS); the CLI prints `code: message`.
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
  // the transparency log's stored nodes or leaves do not add up (src/service/log.ts): run pmcert fsck
  | 'LOG_INTEGRITY'
  // HTTP authentication (src/service/sessions.ts, tokens.ts, throttle.ts)
  | 'UNAUTHENTICATED'
  | 'RATE_LIMITED'
  // the database cannot be reached (src/service/unavailable.ts): 503, try again
  | 'DATABASE_UNAVAILABLE';

/** Reasons of the HTTP layer: the request is not well-formed, or not from our own pages. */
export type HttpReason =
  | 'BAD_REQUEST' // the body or query does not fit the route's schema (400)
  | 'MALFORMED_JSON' // the body is not JSON (400)
  | 'UNSUPPORTED_MEDIA_TYPE' // the body is not application/json (415)
  | 'PAYLOAD_TOO_LARGE' // the body is over the limit (413)
  | 'NO_ROUTE' // no such method and path (404)
  | 'CSRF' // a form without the session's CSRF token
  | 'ORIGIN' // a cookie request from another origin
  | 'PASSWORD_CHANGE_REQUIRED'; // a generated password must be changed first

/** Why a request is not authenticated (src/service/sessions.ts, tokens.ts, accounts.ts). */
export type AuthReason =
  | 'NO_CREDENTIALS'
  | 'BAD_CREDENTIALS'
  | 'SESSION_EXPIRED'
  | 'SESSION_ENDED'
  | 'SESSION_INVALID'
  | 'TOKEN_INVALID'
  | 'TOKEN_REVOKED'
  | 'TOKEN_EXPIRED'
  | 'ACCOUNT_DISABLED'
  | 'BUSY'; // RATE_LIMITED: too many password checks at once

/** Why a new password was refused (src/service/password-policy.ts, password-change.ts). */
export type PasswordReason =
  | 'PASSWORD_TOO_SHORT'
  | 'PASSWORD_TOO_LONG'
  | 'PASSWORD_HAS_USERNAME'
  | 'PASSWORD_REPETITIVE'
  | 'PASSWORD_COMMON'
  | 'PASSWORD_WRONG'
  | 'PASSWORD_UNCHANGED';

/** Why a change to the organisation tree was refused (src/service/org-changes.ts; OrgRefused). */
export type OrgReason =
  | 'ORG_EXISTS'
  | 'ORG_CYCLE'
  | 'ORG_NOT_EMPTY'
  | 'ORG_DISSOLVED'
  | 'ORG_HAS_CHILDREN'
  | 'DESTINATION_INSIDE'
  | 'DESTINATION_TYPE'
  | 'MEMBERS_NOT_MOVABLE';

/**
 * Every `reason` an error may carry: the domain's rules, a failed
 * verification (a scanned credential), the HTTP layer's, authentication's and
 * the password policy's, and two of this file's own.
 */
export type Reason =
  | RuleReason
  | FilingReason
  | VerifyCode
  | HttpReason
  | AuthReason
  | PasswordReason
  | OrgReason
  | 'INVALID_ROWS'
  | 'STALE_CREDENTIAL';

export class PmcError extends Error {
  readonly code: ErrorCode;
  /** The failing input field, e.g. `national_id` or `dat.to`, when there is one. */
  readonly field?: string;
  /** A finer, stable reason inside the code, e.g. `IN_TRANSIT` for RULE_VIOLATION. */
  readonly reason?: Reason;
  /** Seconds after which trying again may work (RATE_LIMITED, DATABASE_UNAVAILABLE): `Retry-After`. */
  readonly retryAfter?: number;

  constructor(
    code: ErrorCode,
    message: string,
    opts: { field?: string; reason?: Reason; retryAfter?: number; cause?: unknown } = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = new.target.name;
    this.code = code;
    if (opts.field !== undefined) this.field = opts.field;
    if (opts.reason !== undefined) this.reason = opts.reason;
    if (opts.retryAfter !== undefined) this.retryAfter = opts.retryAfter;
  }

  /** What this error adds to its problem+json body beside the standard members (none by default). */
  extensions(): Record<string, unknown> {
    return {};
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
 * under a dissolved org), ORG_HAS_CHILDREN, DESTINATION_INSIDE and
 * DESTINATION_TYPE (a dissolution into a destination: src/domain/dissolution.ts).
 */
export class OrgRefused extends PmcError {
  constructor(reason: OrgReason, field: string, message: string) {
    super('INVALID_INPUT', message, { field, reason });
  }
}

/** A member a dissolution cannot move, with why (a ledger rule's reason) in both languages. */
export interface UnmovableMember {
  member: string;
  name: string;
  reason: string;
  title: { zh: string; en: string };
}

/**
 * A dissolution with members refused (422, reason MEMBERS_NOT_MOVABLE): some
 * member cannot be moved by the ledger's rules (in transit, stopped, …) or is
 * in transit to the org. Names every one (`blocked`); nothing was written.
 */
export class MembersNotMovable extends PmcError {
  constructor(readonly blocked: readonly UnmovableMember[]) {
    const names = blocked.map((b) => `${b.name} (${b.member}): ${b.reason}`).join('; ');
    super('INVALID_INPUT', `these members cannot be moved: ${names}`, {
      field: 'id',
      reason: 'MEMBERS_NOT_MOVABLE',
    });
  }

  override extensions() {
    return { blocked: this.blocked };
  }
}

export class NotFound extends PmcError {
  constructor(what: string, id: string, field?: string) {
    super('NOT_FOUND', `${what} not found: ${id}`, field === undefined ? {} : { field });
  }
}

/** A ledger or filing rule refused the entry; `reason` says which rule. */
export class RuleViolation extends PmcError {
  declare readonly reason: RuleReason | FilingReason;
  constructor(reason: RuleReason | FilingReason, message: string, field?: string) {
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
  constructor(message: string, opts: { reason?: 'STALE_CREDENTIAL'; cause?: unknown } = {}) {
    super('LEDGER_CONFLICT', message, opts);
  }
}

/** One entry a stale credential did not know of, and the sentence that says so. */
export interface MissedEntry {
  seq: number;
  kind: string;
  org: string;
  orgName: string;
  /** When it was signed (the entry's `iat`, seconds). */
  at: number;
  text: { zh: string; en: string };
}

/**
 * A stale QR never silently endorses: this conflict (reason STALE_CREDENTIAL)
 * carries the credential of the state that exists now and what changed since
 * the scanned one ("已由 … 于 … 签注报到").
 */
export class StaleCredential extends LedgerConflict {
  constructor(
    readonly current: { seq: number; credential: string },
    readonly changed: MissedEntry[] = [],
  ) {
    super(
      changed.length
        ? `a newer state exists (seq ${current.seq}): ${changed.map((c) => c.text.en).join('; ')}`
        : `a newer state exists: the ledger is at seq ${current.seq}`,
      { reason: 'STALE_CREDENTIAL' },
    );
  }

  override extensions() {
    return { current: this.current, ...(this.changed.length ? { changed: this.changed } : {}) };
  }
}

/** An idempotency key was reused with a different request. */
export class IdempotencyMismatch extends PmcError {
  constructor(key: string) {
    super(
      'IDEMPOTENCY_MISMATCH',
      `idempotency key ${key} was already used for a different request`,
      { field: 'idempotency_key' },
    );
  }
}

/** No valid session or token; `reason` says which (NO_CREDENTIALS, BAD_CREDENTIALS, SESSION_EXPIRED, …). */
export class Unauthenticated extends PmcError {
  constructor(reason: AuthReason, message: string) {
    super('UNAUTHENTICATED', message, { reason });
  }
}

/** Too many failed logins (or, reason BUSY, too many at once): try again in `retryAfter` seconds. */
export class RateLimited extends PmcError {
  declare readonly retryAfter: number;
  constructor(
    retryAfter: number,
    message = `too many failed logins: try again in ${retryAfter} s`,
    reason?: 'BUSY',
  ) {
    super('RATE_LIMITED', message, reason === undefined ? { retryAfter } : { reason, retryAfter });
  }
}

/** One refused row of an import or a recorded table. */
export interface RowProblem {
  row: number;
  field: string;
  reason: string;
  message: string;
}

/** Rows of an import or a recorded table refused: each names its row and field; nothing was recorded. */
export class InvalidRows extends PmcError {
  constructor(readonly rows: readonly RowProblem[]) {
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

  override extensions() {
    return { errors: this.rows };
  }
}

/** The transparency log's stored state does not add up (a missing leaf or node, a root that differs): never sign over it. */
export class LogIntegrityFault extends PmcError {
  constructor(message: string) {
    super('LOG_INTEGRITY', message);
  }
}

/** The database cannot be reached right now (connection refused, terminated, closed): retry in `retryAfter` seconds. */
export class DatabaseUnavailable extends PmcError {
  declare readonly retryAfter: number;
  constructor(retryAfter = 5, opts: { cause?: unknown } = {}) {
    super('DATABASE_UNAVAILABLE', 'the database is unavailable: try again shortly', {
      ...opts,
      retryAfter,
    });
  }
}
