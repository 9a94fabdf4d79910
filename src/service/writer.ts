import { directWriter, type LedgerWriter } from '../store/append.ts';
import type { ServiceDeps } from './deps.ts';

const direct = new WeakMap<object, LedgerWriter>();

/** The configured ledger writer, or one transaction per write. */
export function writerOf(deps: Pick<ServiceDeps, 'db' | 'ledger'>): LedgerWriter {
  if (deps.ledger) return deps.ledger;
  let w = direct.get(deps.db);
  if (!w) direct.set(deps.db, (w = directWriter(deps.db)));
  return w;
}
