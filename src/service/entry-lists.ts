import type { EntryKind } from '../domain/types.ts';
import { accountNames, entrySigners, recentEntries } from '../store/web.ts';
import type { ServiceDeps } from './deps.ts';

// The ledger reads behind the desk and member pages (src/web): routes and
// pages reach storage only through src/service.

/** Entries signed by any of `orgIds`, newest first, with the member's name, and how many in all. */
export const listRecentEntries = (
  deps: Pick<ServiceDeps, 'db'>,
  orgIds: string[],
  page: { limit: number; offset: number },
  filter: { kind?: EntryKind; q?: string; since?: Date } = {},
) => recentEntries(deps.db, orgIds, page, filter);

/** Who signed given entries (member id + seq → org and officer account), keyed `member/seq`. */
export const signersOf = (
  deps: Pick<ServiceDeps, 'db'>,
  refs: { memberId: string; seq: number }[],
) => entrySigners(deps.db, refs);

/** Display names of officers' accounts (an entry's `act`), by account id. */
export const officerNames = (deps: Pick<ServiceDeps, 'db'>, ids: string[]) =>
  accountNames(deps.db, ids);
