/**
 * Is this error "the database cannot be reached right now" rather than a
 * bug or a refusal? Such errors become 503 with Retry-After over HTTP
 * (src/http/problem.ts): the request may be repeated unchanged once the
 * database is back. Driver errors arrive wrapped (drizzle's DrizzleQueryError
 * keeps the driver's error as `cause`), so the cause chain is searched.
 *
 * - PostgreSQL SQLSTATEs: class 08 (connection exception), 57P01–57P03
 *   (admin/crash shutdown, cannot connect now: terminated backends, a server
 *   restarting), 53300 (too many connections), 55000 as the server answers for
 *   a database with ALLOW_CONNECTIONS false, 3D000 (the database is gone).
 * - postgres.js: CONNECTION_CLOSED / _ENDED / _DESTROYED, CONNECT_TIMEOUT.
 * - Sockets: ECONNREFUSED, ECONNRESET, EPIPE, ETIMEDOUT, EHOSTUNREACH, ENETUNREACH,
 *   ENOTFOUND, EAI_AGAIN.
 * - PGlite: the instance was closed ("PGlite is closed"), or its WebAssembly
 *   runtime aborted, after which every query fails until it is reopened.
 */
const SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300', '55000', '3D000']);
const CODES = new Set([
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

export function isDatabaseUnavailable(err: unknown): boolean {
  let e: unknown = err;
  for (let depth = 0; depth < 6 && e && typeof e === 'object'; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') {
      if (CODES.has(code) || SQLSTATES.has(code)) return true;
      if (/^08[0-9A-Z]{3}$/.test(code)) return true;
    }
    const message = (e as { message?: unknown }).message;
    if (typeof message === 'string') {
      if (message === 'PGlite is closed') return true;
      if ((e as Error).name === 'RuntimeError' && /^Aborted\b/.test(message)) return true;
    }
    // AggregateError (Node's connect tries every address) carries the socket errors in `errors`.
    const errors = (e as { errors?: unknown }).errors;
    if (Array.isArray(errors) && errors.some(isDatabaseUnavailable)) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
