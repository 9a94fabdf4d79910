import { searchMembers as searchMemberRows } from '../store/member-search.ts';
import { getMember } from '../store/queries.ts';
import type { MemberRow } from '../store/rows.ts';
import { memberCountsByOrg, memberPage, type MemberFilter } from '../store/web.ts';
import type { ServiceDeps } from './deps.ts';

// The member reads behind the routes' and pages' lists: routes and pages reach
// storage only through src/service (test/architecture.test.ts). Scope (which
// orgs a caller may see) is decided before these are called.

export type { MemberFilter };

/** The member's stored row (head, org, status), or undefined. */
export const findMember = (
  deps: Pick<ServiceDeps, 'db'>,
  id: string,
): Promise<MemberRow | undefined> => getMember(deps.db, id);

/** Members of `orgIds` whose id is `q` or whose name contains it, at most `limit`. */
export const searchMembers = (
  deps: Pick<ServiceDeps, 'db'>,
  orgIds: string[],
  q: string | undefined,
  limit: number,
) => searchMemberRows(deps.db, orgIds, q, limit);

/** One page of members matching the filter, by name, and how many match in all. */
export const listMembers = (
  deps: Pick<ServiceDeps, 'db'>,
  filter: MemberFilter,
  page: { limit: number; offset: number },
) => memberPage(deps.db, filter, page);

/** Members per org and status, for the org tree's counts. */
export const countMembersByOrg = (deps: Pick<ServiceDeps, 'db'>) => memberCountsByOrg(deps.db);
