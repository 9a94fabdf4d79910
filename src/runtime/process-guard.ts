/**
 * Last-resort handlers for a long-running server process. Node ends the
 * process on an unhandled rejection or an uncaught exception; a server must
 * not stop answering because one request's promise chain was not awaited.
 *
 * - An unhandled rejection is logged; the process keeps serving (every
 *   request has its own error path, so nothing shared is half-done).
 * - An uncaught exception is logged. A cluster worker then exits (state may be
 *   inconsistent; the primary re-forks it, see src/cli/serve.ts); a single
 *   process, which nobody would restart, keeps serving.
 *
 * Returns a function that removes the handlers (for tests).
 */
export function installProcessGuards(opts: {
  log: (what: string, err: unknown) => void;
  /** Exit after an uncaught exception (a cluster worker: its primary forks a new one). */
  exitOnUncaught: boolean;
  exit?: (code: number) => void;
}): () => void {
  const exit = opts.exit ?? ((code: number) => process.exit(code));
  const onRejection = (reason: unknown) => opts.log('unhandled rejection (still serving)', reason);
  const onException = (err: unknown) => {
    if (opts.exitOnUncaught) {
      opts.log('uncaught exception: worker exits, the primary forks a new one', err);
      exit(1);
    } else opts.log('uncaught exception (still serving)', err);
  };
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  return () => {
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
  };
}

/**
 * Delay before forking a worker again: immediately for a worker that had
 * served a while, doubling (up to 30 s) while workers keep dying young, e.g.
 * when the database is unreachable at start.
 */
export function reforkDelayMs(previousMs: number, livedMs: number): number {
  if (livedMs > 30_000) return 0;
  return Math.min(30_000, Math.max(250, previousMs * 2));
}
