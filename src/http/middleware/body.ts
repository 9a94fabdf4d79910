import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { httpError } from '../problem.ts';
import type { AppEnv } from '../env.ts';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const JSON_TYPE = /^application\/([\w.-]+\+)?json$/i;

/** Bodies are JSON and at most `maxSize` bytes: 415 and 413 otherwise, before any handler reads them. */
export function jsonBodies(maxSize: number): MiddlewareHandler<AppEnv>[] {
  return [
    bodyLimit({
      maxSize,
      onError: () => {
        throw httpError(
          'INVALID_INPUT',
          'PAYLOAD_TOO_LARGE',
          `the request body is larger than ${maxSize} bytes`,
          'body',
        );
      },
    }),
    async (c, next) => {
      if (UNSAFE.has(c.req.method) && c.req.raw.body !== null) {
        const type = (c.req.header('Content-Type') ?? '').split(';')[0]!.trim();
        const length = c.req.header('Content-Length');
        // A DELETE without a body, as fetch() sends it, has neither Content-Type nor Content-Length.
        const empty = length === '0' || (c.req.method === 'DELETE' && (await c.req.text()) === '');
        if (!JSON_TYPE.test(type) && !empty) {
          throw httpError(
            'INVALID_INPUT',
            'UNSUPPORTED_MEDIA_TYPE',
            'send the request body as application/json',
            'body',
          );
        }
        // PostgreSQL text cannot hold U+0000: refuse it here as bad input rather than fail in the database.
        if (/\\u0000|\0/i.test(await c.req.text()))
          throw httpError(
            'INVALID_INPUT',
            'BAD_REQUEST',
            'text may not contain NUL characters',
            'body',
          );
      }
      await next();
    },
  ];
}
