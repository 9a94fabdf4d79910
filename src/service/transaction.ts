import type { Db } from '../store/db.ts';
import type { ServiceDeps } from './deps.ts';

/**
 * Runs `fn` with deps whose `db` is one transaction, so the writes it makes
 * through them commit together or not at all (a nested `db.transaction` is a
 * savepoint inside it). The ledger batcher is left out: it commits on its own
 * connection, outside this transaction. Inside `fn`, use only the deps given.
 * @example await inTransaction(deps, async (tx) => { await storeMove(tx.db, …); await createOrgKey(tx, …); });
 */
export function inTransaction<T>(
  deps: ServiceDeps,
  fn: (tx: ServiceDeps) => Promise<T>,
): Promise<T> {
  return deps.db.transaction(async (tx) => {
    const { ledger: _batcher, ...rest } = deps;
    return fn({ ...rest, db: tx as unknown as Db });
  });
}
