import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { httpError } from '../problem.ts';
import type { AppEnv } from '../env.ts';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const JSON_TYPE = /^application\/([\w.-]+\+)?json$/i;

/** Roster files (base64 in JSON) may be larger than other bodies: 4,800 members are about 1 MB. */
export const IMPORT_PATH = '/api/imports/';
export const IMPORT_BODY_LIMIT = 16 * 1024 * 1024;

const limit = (maxSize: number) =>
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
  });

/** Bodies are JSON and at most `maxSize` bytes (imports: IMPORT_BODY_LIMIT): 415 and 413 otherwise, before any handler reads them. */
export function jsonBodies(maxSize: number): MiddlewareHandler<AppEnv>[] {
  const usual = limit(maxSize);
  const imports = limit(Math.max(maxSize, IMPORT_BODY_LIMIT));
  return [
    (c, next) => (c.req.path.startsWith(IMPORT_PATH) ? imports : usual)(c, next),
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

/**
 * Page forms are small; a page's file upload (a path ending in /upload) carries a roster or a
 * dues table, and the import page's confirmation (/import/confirm) sends the previewed file again.
 */
export const PAGE_BODY_LIMIT = 256 * 1024;
export const PAGE_UPLOAD_LIMIT = 8 * 1024 * 1024;
const UPLOAD_PATH = /\/(upload|import\/confirm)$/;

/**
 * Bodies of page posts (everything outside /api, whose bodies jsonBodies bounds): at most
 * PAGE_BODY_LIMIT bytes, uploads PAGE_UPLOAD_LIMIT, checked before `authenticate` reads the form
 * for its CSRF token — a limit inside a route comes too late, the body is read by then.
 */
export function pageBodies(): MiddlewareHandler<AppEnv> {
  const form = limit(PAGE_BODY_LIMIT);
  const upload = limit(PAGE_UPLOAD_LIMIT);
  return (c, next) => {
    if (c.req.path.startsWith('/api/') || !UNSAFE.has(c.req.method)) return next();
    return (UPLOAD_PATH.test(c.req.path) ? upload : form)(c, next);
  };
}
