import { inArray } from 'drizzle-orm';
import { members } from '../../schema/index.ts';
import type { Db } from './db.ts';

export type ExistingMember = Pick<
  typeof members.$inferSelect,
  | 'id'
  | 'nationalIdIndex'
  | 'name'
  | 'gender'
  | 'ethnicity'
  | 'birthDate'
  | 'joinedOn'
  | 'fullOn'
  | 'category'
  | 'personnel'
  | 'cadre'
  | 'orgId'
>;

/** The members already enrolled under any of these national-ID blind indexes (exact match, indexed). */
export async function membersByNationalIdIndex(
  db: Db,
  indexes: readonly string[],
): Promise<ExistingMember[]> {
  const out: ExistingMember[] = [];
  for (let i = 0; i < indexes.length; i += 1000) {
    const chunk = indexes.slice(i, i + 1000);
    out.push(
      ...(await db
        .select({
          id: members.id,
          nationalIdIndex: members.nationalIdIndex,
          name: members.name,
          gender: members.gender,
          ethnicity: members.ethnicity,
          birthDate: members.birthDate,
          joinedOn: members.joinedOn,
          fullOn: members.fullOn,
          category: members.category,
          personnel: members.personnel,
          cadre: members.cadre,
          orgId: members.orgId,
        })
        .from(members)
        .where(inArray(members.nationalIdIndex, chunk))),
    );
  }
  return out;
}
