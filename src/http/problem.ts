import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { DatabaseUnavailable, PmcError, RateLimited, type ErrorCode } from '../errors.ts';
import { ERROR_TITLES, RULE_TITLES, VERIFY_TITLES } from '../i18n/messages.ts';
import { StaleCredential } from '../service/endorse.ts';
import { isDatabaseUnavailable } from '../store/unavailable.ts';
import type { AppEnv } from './env.ts';

/**
 * Errors as `application/problem+json` (RFC 9457). This file is the one
 * place where an error becomes an HTTP status.
 */
export const PROBLEM_TYPE = 'application/problem+json';

/** Error code → HTTP status. INVALID_INPUT is 422 from the service, 400 when the request itself is malformed (see statusOf). */
export const CODE_STATUS: Record<ErrorCode, ContentfulStatusCode> = {
  INVALID_INPUT: 422,
  NOT_FOUND: 404,
  RULE_VIOLATION: 422,
  NOT_AUTHORISED: 403,
  LEDGER_CONFLICT: 409,
  IDEMPOTENCY_MISMATCH: 422,
  KEY_UNAVAILABLE: 503,
  UNAUTHENTICATED: 401,
  RATE_LIMITED: 429,
  DATABASE_UNAVAILABLE: 503,
};

/** Reasons of INVALID_INPUT that mean "the request is not well-formed" (400) rather than "the data is refused" (422). */
const REQUEST_SHAPE = new Set(['BAD_REQUEST', 'MALFORMED_JSON']);
const HTTP_REASON_STATUS: Record<string, ContentfulStatusCode> = {
  UNSUPPORTED_MEDIA_TYPE: 415,
  PAYLOAD_TOO_LARGE: 413,
  NO_ROUTE: 404,
};

export function statusOf(err: PmcError): ContentfulStatusCode {
  if (err.reason && HTTP_REASON_STATUS[err.reason]) return HTTP_REASON_STATUS[err.reason]!;
  if (err.code === 'INVALID_INPUT' && err.reason && REQUEST_SHAPE.has(err.reason)) return 400;
  return CODE_STATUS[err.code];
}

const kebab = (s: string) => s.toLowerCase().replaceAll('_', '-');

/** The stable `type`: one per error code, plus one for a stale credential (it carries the current one). */
export const typeOf = (err: PmcError): string =>
  `urn:pmcert:problem:${err instanceof StaleCredential ? 'stale-credential' : kebab(err.code)}`;

export function titlesOf(err: PmcError): { zh: string; en: string } {
  if (err instanceof StaleCredential) return ERROR_TITLES.STALE_CREDENTIAL!;
  const r = err.reason;
  return (
    (r && (RULE_TITLES[r] ?? ERROR_TITLES[r] ?? VERIFY_TITLES[r])) ||
    ERROR_TITLES[err.code] ||
    ERROR_TITLES.INTERNAL!
  );
}

/** An HTTP-layer error (bad JSON, wrong media type, CSRF …) as a PmcError, so it goes the same way. */
export const httpError = (
  code: ErrorCode,
  reason: string,
  message: string,
  field?: string,
): PmcError => new PmcError(code, message, field === undefined ? { reason } : { reason, field });

export function problemBody(err: PmcError, requestId: string, instance: string) {
  const titles = titlesOf(err);
  const status = statusOf(err);
  return {
    type: typeOf(err),
    title: `${titles.zh} / ${titles.en}`,
    status,
    detail: err.message,
    instance,
    code: err.code,
    ...(err.reason ? { reason: err.reason } : {}),
    ...(err.field ? { field: err.field } : {}),
    titles,
    requestId,
    ...(err instanceof RateLimited || err instanceof DatabaseUnavailable
      ? { retryAfter: err.retryAfter }
      : {}),
    ...(err instanceof StaleCredential ? { current: err.current } : {}),
    ...(err instanceof StaleCredential && err.changed.length ? { changed: err.changed } : {}),
    ...('errors' in err && Array.isArray(err.errors) ? { errors: err.errors } : {}),
  };
}

export function problemResponse(c: Context<AppEnv>, err: PmcError): Response {
  return problemAt(err, c.get('requestId') ?? '-', new URL(c.req.url).pathname);
}

/** The problem response without a Hono context (a Worker that could not build its app). */
export function problemAt(err: PmcError, requestId: string, instance: string): Response {
  const body = problemBody(err, requestId, instance);
  const headers: Record<string, string> = {
    'Content-Type': PROBLEM_TYPE,
    'Cache-Control': 'no-store',
  };
  if (err instanceof RateLimited || err instanceof DatabaseUnavailable)
    headers['Retry-After'] = String(err.retryAfter);
  if (body.status === 401) headers['WWW-Authenticate'] = 'Bearer realm="pmcert", Cookie';
  return new Response(JSON.stringify(body), { status: body.status, headers });
}

/** Anything thrown becomes a problem; what is not ours is a 500 that says nothing of its internals. */
export function toPmcError(err: unknown): PmcError | undefined {
  if (err instanceof PmcError) return err;
  if (isDatabaseUnavailable(err)) return new DatabaseUnavailable(5, { cause: err });
  if (err instanceof HTTPException) {
    if (err.status === 413)
      return httpError(
        'INVALID_INPUT',
        'PAYLOAD_TOO_LARGE',
        'the request body is larger than allowed',
      );
    if (err.status === 400)
      return httpError(
        'INVALID_INPUT',
        'MALFORMED_JSON',
        'the request body is not valid JSON',
        'body',
      );
  }
  return undefined;
}

export function internalProblem(c: Context<AppEnv>): Response {
  const t = ERROR_TITLES.INTERNAL!;
  const body = {
    type: 'urn:pmcert:problem:internal',
    title: `${t.zh} / ${t.en}`,
    status: 500,
    code: 'INTERNAL',
    titles: t,
    requestId: c.get('requestId') ?? '-',
  };
  return new Response(JSON.stringify(body), {
    status: 500,
    headers: { 'Content-Type': PROBLEM_TYPE, 'Cache-Control': 'no-store' },
  });
}
