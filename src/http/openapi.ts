import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { ZodError } from 'zod';
import { PmcError } from '../errors.ts';
import type { AppEnv } from './env.ts';
import { PROBLEM_TYPE, type ProblemStatus } from './problem.ts';

/** A request that failed its schema: 400, naming the first failing field and listing all of them. */
export class BadRequest extends PmcError {
  readonly errors: { field: string; message: string }[];
  constructor(error: ZodError, target: string) {
    const errors = error.issues.map((i) => ({
      field: i.path.length ? i.path.join('.') : target,
      message: i.message,
    }));
    const first = errors[0] ?? { field: target, message: 'invalid' };
    super('INVALID_INPUT', `${first.field}: ${first.message}`, {
      reason: 'BAD_REQUEST',
      field: first.field,
    });
    this.errors = errors;
  }

  override extensions() {
    return { errors: this.errors };
  }
}

/** The app's router: every route declared with zod, its failures thrown as BadRequest to the one error handler. */
export const createRouter = (): OpenAPIHono<AppEnv> =>
  new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success)
        throw new BadRequest(result.error, result.target === 'json' ? 'body' : result.target);
    },
  });

export const Problem = z
  .object({
    type: z.string().openapi({ example: 'urn:pmcert:problem:rule-violation' }),
    title: z.string().openapi({ example: '组织关系转出在途 / Transfer in transit' }),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    code: z.string(),
    reason: z.string().optional(),
    field: z
      .string()
      .optional()
      .openapi({ description: 'The failing input field, as a path (e.g. `to`, `roles.0.org`).' }),
    titles: z.object({ zh: z.string(), en: z.string() }),
    requestId: z.string(),
    retryAfter: z.number().int().optional(),
    current: z
      .object({ seq: z.number().int(), credential: z.string() })
      .optional()
      .openapi({ description: 'With a 409 stale credential: the state that exists now.' }),
    changed: z
      .array(
        z.object({
          seq: z.number().int(),
          kind: z.string(),
          org: z.string(),
          orgName: z.string(),
          at: z.number().int(),
          text: z.object({ zh: z.string(), en: z.string() }),
        }),
      )
      .optional()
      .openapi({
        description:
          'With a 409 stale credential: the entries signed since the scanned one, each with a sentence to show ("已由 … 于 … 签注报到").',
      }),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  })
  .openapi('Problem');

/** One line per status an error can map to (src/http/problem.ts CODE_STATUS): a new status without one does not compile. */
const DESCRIPTIONS: Record<ProblemStatus, string> = {
  400: 'Malformed request: the field path names what failed',
  401: 'Not logged in, or the session / token is invalid or expired',
  403: 'Not allowed for this account (role, subtree, CSRF token or origin)',
  404: 'Not found',
  409: 'A newer state exists (the scanned credential is stale): `current` carries the credential to show',
  413: 'Request body too large',
  415: 'Request body must be JSON',
  422: 'Refused: invalid data, a ledger rule, or an idempotency key reused for another request',
  429: 'Too many failed logins: try again in `retryAfter` seconds',
  503: 'Unavailable (the database, a signing key, or a transparency log that does not add up): try again after `Retry-After` seconds',
};

/** The problem responses a route can give, for its OpenAPI entry. */
export function problems<const S extends readonly (keyof typeof DESCRIPTIONS)[]>(...statuses: S) {
  return Object.fromEntries(
    statuses.map((s) => [
      s,
      { description: DESCRIPTIONS[s]!, content: { [PROBLEM_TYPE]: { schema: Problem } } },
    ]),
  ) as {
    [K in S[number]]: {
      description: string;
      content: { 'application/problem+json': { schema: typeof Problem } };
    };
  };
}

/**
 * The 503 of a route that signs or proves from the transparency log: besides the database or a
 * key being unavailable, `LOG_INTEGRITY` when the stored tree does not reproduce the last signed
 * checkpoint (a missing leaf or node), so the log signs and proves nothing until `pmcert fsck`.
 */
export const LOG_UNAVAILABLE = {
  503: {
    ...problems(503)[503],
    description:
      'Unavailable: `LOG_INTEGRITY` when the stored log does not reproduce its last signed checkpoint (run `pmcert fsck`; retrying does not help), or the database or a signing key is unavailable (try again after `Retry-After` seconds)',
    headers: { 'Retry-After': { schema: { type: 'integer' as const } } },
  },
};

/** Responses every authenticated route may give. */
export const AUTHED = [400, 401, 403, 429] as const;

export { z };
