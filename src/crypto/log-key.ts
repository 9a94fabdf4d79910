/**
 * The transparency log's key is certified by the root with a key certificate
 * whose subject is `~log:<origin>`: never a valid org id (they match
 * `[a-z0-9][a-z0-9_-]*`), so no org's key can pass for the log's.
 */
export const logSubject = (origin: string): string => `~log:${origin}`;
