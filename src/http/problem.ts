import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import {
  DatabaseUnavailable,
  PmcError,
  type ErrorCode,
  type HttpReason,
  type Reason,
} from '../errors.ts';
import { ERROR_TITLES, titlesOf } from '../i18n/messages.ts';
import type { SchemaStatus } from '../service/schema.ts';
import { isDatabaseUnavailable } from '../service/unavailable.ts';
import type { AppEnv } from './env.ts';

/**
 * Errors as `application/problem+json` (RFC 9457). This file is the one
 * place where an error becomes an HTTP status.
 */
export const PROBLEM_TYPE = 'application/problem+json';

/** The reasons of the HTTP layer that have a status of their own, not their code's. */
type StatusReason = Extract<
  HttpReason,
  'BAD_REQUEST' | 'MALFORMED_JSON' | 'UNSUPPORTED_MEDIA_TYPE' | 'PAYLOAD_TOO_LARGE' | 'NO_ROUTE'
>;

/**
 * The one map to HTTP status: each error code's, and the few reasons of the
 * HTTP layer that differ from their code's (INVALID_INPUT is 422, "the data
 * is refused", but 400 when the request itself is malformed).
 */
export const CODE_STATUS = {
  INVALID_INPUT: 422,
  NOT_FOUND: 404,
  RULE_VIOLATION: 422,
  NOT_AUTHORISED: 403,
  LEDGER_CONFLICT: 409,
  IDEMPOTENCY_MISMATCH: 422,
  KEY_UNAVAILABLE: 503,
  LOG_INTEGRITY: 503,
  UNAUTHENTICATED: 401,
  RATE_LIMITED: 429,
  DATABASE_UNAVAILABLE: 503,
  BAD_REQUEST: 400,
  MALFORMED_JSON: 400,
  UNSUPPORTED_MEDIA_TYPE: 415,
  PAYLOAD_TOO_LARGE: 413,
  NO_ROUTE: 404,
} as const satisfies Record<ErrorCode | StatusReason, ContentfulStatusCode>;

/** Every status a problem response can have (besides 500): the OpenAPI document describes each. */
export type ProblemStatus = (typeof CODE_STATUS)[keyof typeof CODE_STATUS];

const hasOwnStatus = (reason: Reason | undefined): reason is StatusReason =>
  reason !== undefined && Object.hasOwn(CODE_STATUS, reason);

export const statusOf = (err: PmcError): ProblemStatus =>
  CODE_STATUS[hasOwnStatus(err.reason) ? err.reason : err.code];

const kebab = (s: string) => s.toLowerCase().replaceAll('_', '-');

/** The stable `type`: one per error code, plus one for a stale credential (it carries the current one). */
export const typeOf = (err: PmcError): string =>
  `urn:pmcert:problem:${kebab(err.reason === 'STALE_CREDENTIAL' ? err.reason : err.code)}`;

/** An HTTP-layer error (bad JSON, wrong media type, CSRF …) as a PmcError, so it goes the same way. */
export const httpError = (
  code: ErrorCode,
  reason: Reason,
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
    ...(err.retryAfter !== undefined ? { retryAfter: err.retryAfter } : {}),
    ...err.extensions(),
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
  if (err.retryAfter !== undefined) headers['Retry-After'] = String(err.retryAfter);
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
  const t = ERROR_TITLES.INTERNAL;
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

/**
 * The problem+json a server answers with while the schema is behind: 503, so
 * load balancers and clients retry; `missing` names the migrations and the
 * detail the one command that fixes it.
 */
export function schemaBehindProblem(status: SchemaStatus, instance: string): Response {
  const body = {
    type: 'urn:pmcert:problem:schema-behind',
    title: '数据库结构版本落后，服务暂停 / The database schema is behind this release',
    status: 503,
    detail:
      status.appliedUpTo === null
        ? 'the database has no pmcert migrations applied: run `pmcert migrate` with DATABASE_URL pointing at it, from Node'
        : `the database lacks ${status.missing.length} migration(s) this release needs (${status.missing.join(', ')}): run \`pmcert migrate\` with DATABASE_URL pointing at it, from Node`,
    instance,
    code: 'SCHEMA_BEHIND',
    missing: status.missing,
    titles: {
      zh: '数据库结构版本落后，服务暂停',
      en: 'The database schema is behind this release',
    },
  };
  return new Response(JSON.stringify(body), {
    status: 503,
    headers: {
      'Content-Type': 'application/problem+json',
      'Cache-Control': 'no-store',
      'Retry-After': '30',
    },
  });
}
