import { and, asc, eq, inArray, or, sql } from 'drizzle-orm';
import { members } from '../../schema/index.ts';
import type { Db } from './db.ts';
import { atOrIncoming, transitTo } from './org-changes.ts';

/**
 * Members whose current org is one of `orgIds` (or in transit to one of them), matching `q` as an exact id
 * or a substring of the name (strpos, so `%` and `_` in `q` are plain text).
 */
export async function searchMembers(
  db: Db,
  orgIds: string[],
  q: string | undefined,
  limit: number,
) {
  if (orgIds.length === 0) return [];
  // Members at these orgs, and those in transit to one of them (转入在途).
  const scope = atOrIncoming(orgIds);
  return db
    .select({
      id: members.id,
      name: members.name,
      org: members.orgId,
      status: members.status,
      category: members.category,
      personnel: members.personnel,
      transitTo,
    })
    .from(members)
    .where(
      q
        ? and(scope, or(eq(members.id, q), sql`strpos(lower(${members.name}), lower(${q})) > 0`))
        : scope,
    )
    .orderBy(asc(members.name), asc(members.id))
    .limit(limit);
}
