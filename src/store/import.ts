import { inArray, sql } from 'drizzle-orm';
import { members } from '../../schema/index.ts';
import type { LedgerOp } from './append.ts';
import { rowsOf, type Db } from './db.ts';
import { appendLeaves } from './leaves.ts';

type EnrollOp = Extract<LedgerOp, { kind: 'enroll' }>;

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

/**
 * Enrols many members in ONE transaction, for imports: the member rows (a
 * national ID already enrolled is skipped: ON CONFLICT DO NOTHING), then the
 * accepted entries' log leaves (appendLeaves, last but one: the counter row
 * stays locked until commit) and their ledger rows. Each table gets one
 * statement with one JSON parameter (jsonb_to_recordset), the same on both
 * drivers: building a multi-row VALUES of ~18,000 parameters per thousand
 * members costs more than the database does. Returns the ids enrolled.
 */
export async function enrollMany(db: Db, ops: readonly EnrollOp[]): Promise<Set<string>> {
  if (ops.length === 0) return new Set();
  return db.transaction(async (tx) => {
    const memberRows = ops.map(({ member: m }) => ({
      id: m.id,
      name: m.name,
      gender: m.gender,
      ethnicity: m.ethnicity ?? null,
      birth_date: m.birthDate,
      national_id_sealed: m.nationalIdSealed,
      national_id_index: m.nationalIdIndex,
      national_id_masked: m.nationalIdMasked,
      joined_on: m.joinedOn,
      full_on: m.fullOn ?? null,
      category: m.category,
      personnel: m.personnel,
      cadre: m.cadre ?? false,
      org_id: m.orgId,
      status: m.status,
      seq: m.seq,
      head: m.head,
      credential: m.credential,
    }));
    const inserted = rowsOf<{ id: string }>(
      await tx.execute(sql`
        insert into members (id, name, gender, ethnicity, birth_date, national_id_sealed, national_id_index,
          national_id_masked, joined_on, full_on, category, personnel, cadre, org_id, status, seq, head, credential)
        select * from jsonb_to_recordset(${JSON.stringify(memberRows)}::jsonb) as x(id text, name text,
          gender text, ethnicity text, birth_date date, national_id_sealed text, national_id_index text,
          national_id_masked text, joined_on date, full_on date, category text, personnel text, cadre boolean,
          org_id text, status text, seq integer, head text, credential text)
        on conflict do nothing
        returning id`),
    );
    const ok = new Set(inserted.map((r) => r.id));
    const accepted = ops.filter((op) => ok.has(op.member.id));
    if (accepted.length === 0) return ok;
    const first = await appendLeaves(
      tx,
      accepted.map((op) => op.entry.hash),
    );
    const entryRows = accepted.map(({ entry: e }, i) => ({
      leaf_index: first + i,
      member_id: e.claims.sub,
      seq: e.claims.seq,
      hash: e.hash,
      jws: e.jws,
      kind: e.claims.knd,
      org_id: e.claims.iss,
      actor: e.claims.act,
      issued_at: new Date(e.claims.iat * 1000).toISOString(),
      claims: e.claims,
    }));
    await tx.execute(sql`
      insert into ledger_entries (leaf_index, member_id, seq, hash, jws, kind, org_id, actor, issued_at, claims)
      select * from jsonb_to_recordset(${JSON.stringify(entryRows)}::jsonb) as x(leaf_index bigint,
        member_id text, seq integer, hash text, jws text, kind text, org_id text, actor text,
        issued_at timestamptz, claims jsonb)`);
    return ok;
  });
}
