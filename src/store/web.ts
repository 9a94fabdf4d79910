import { and, asc, count, desc, eq, gte, inArray, or, sql, type SQL } from 'drizzle-orm';
import { accounts, ledgerEntries, members } from '../../schema/index.ts';
import type { EntryKind, MemberStatus, Personnel } from '../domain/types.ts';
import type { Db } from './db.ts';
import { atOrIncoming, transitTo } from './org-changes.ts';

// The queries behind the web pages' lists (src/web/): one page of rows and the
// total, scoped to a set of org ids (the caller's subtree), filtered in SQL.

export interface MemberFilter {
  orgIds: string[];
  q?: string | undefined;
  status?: MemberStatus | undefined;
  personnel?: Personnel | undefined;
  cadre?: boolean | undefined;
}

function memberWhere(f: MemberFilter): SQL | undefined {
  const q = f.q?.trim();
  return and(
    atOrIncoming(f.orgIds),
    q ? or(eq(members.id, q), sql`strpos(lower(${members.name}), lower(${q})) > 0`) : undefined,
    f.status ? eq(members.status, f.status) : undefined,
    f.personnel ? eq(members.personnel, f.personnel) : undefined,
    f.cadre === undefined ? undefined : eq(members.cadre, f.cadre),
  );
}

/** One page of members matching the filter, by name, and how many match in all. */
export async function memberPage(db: Db, f: MemberFilter, page: { limit: number; offset: number }) {
  if (f.orgIds.length === 0) return { rows: [], total: 0 };
  const where = memberWhere(f);
  const [rows, [total]] = await Promise.all([
    db
      .select({
        id: members.id,
        name: members.name,
        gender: members.gender,
        org: members.orgId,
        status: members.status,
        category: members.category,
        personnel: members.personnel,
        cadre: members.cadre,
        joinedOn: members.joinedOn,
        duesThrough: members.duesThrough,
        transitTo,
      })
      .from(members)
      .where(where)
      .orderBy(asc(members.name), asc(members.id))
      .limit(page.limit)
      .offset(page.offset),
    db.select({ n: count() }).from(members).where(where),
  ]);
  return { rows, total: total?.n ?? 0 };
}

/** Entries signed by any of `orgIds`, newest first, with the member's name. */
export async function recentEntries(
  db: Db,
  orgIds: string[],
  page: { limit: number; offset: number },
  filter: { kind?: EntryKind; q?: string; since?: Date } = {},
) {
  if (orgIds.length === 0) return { rows: [], total: 0 };
  const where = and(
    inArray(ledgerEntries.orgId, orgIds),
    filter.since ? gte(ledgerEntries.issuedAt, filter.since) : undefined,
    filter.kind ? eq(ledgerEntries.kind, filter.kind) : undefined,
    filter.q ? sql`strpos(lower(${members.name}), lower(${filter.q})) > 0` : undefined,
  );
  const [rows, [total]] = await Promise.all([
    db
      .select({
        memberId: ledgerEntries.memberId,
        name: members.name,
        seq: ledgerEntries.seq,
        kind: ledgerEntries.kind,
        org: ledgerEntries.orgId,
        actor: ledgerEntries.actor,
        issuedAt: ledgerEntries.issuedAt,
        claims: ledgerEntries.claims,
      })
      .from(ledgerEntries)
      .innerJoin(members, eq(members.id, ledgerEntries.memberId))
      .where(where)
      .orderBy(desc(ledgerEntries.issuedAt), desc(ledgerEntries.seq))
      .limit(page.limit)
      .offset(page.offset),
    db
      .select({ n: count() })
      .from(ledgerEntries)
      .innerJoin(members, eq(members.id, ledgerEntries.memberId))
      .where(where),
  ]);
  return { rows, total: total?.n ?? 0 };
}

/** Members per org and status (for the org tree's counts). */
export async function memberCountsByOrg(db: Db) {
  return db
    .select({ org: members.orgId, status: members.status, n: count() })
    .from(members)
    .groupBy(members.orgId, members.status);
}

/** Display names of accounts (an entry's `act` is the signing officer's account id). */
export async function accountNames(db: Db, ids: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db
    .select({ id: accounts.id, name: accounts.displayName })
    .from(accounts)
    .where(inArray(accounts.id, unique));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Who signed given entries (member id + seq): the org and the officer's account id. One indexed query by member. */
export async function entrySigners(db: Db, refs: { memberId: string; seq: number }[]) {
  const out = new Map<string, { org: string; actor: string }>();
  if (refs.length === 0) return out;
  const wanted = new Set(refs.map((r) => `${r.memberId}/${r.seq}`));
  const rows = await db
    .select({
      memberId: ledgerEntries.memberId,
      seq: ledgerEntries.seq,
      org: ledgerEntries.orgId,
      actor: ledgerEntries.actor,
    })
    .from(ledgerEntries)
    .where(inArray(ledgerEntries.memberId, [...new Set(refs.map((r) => r.memberId))]));
  for (const r of rows) {
    const key = `${r.memberId}/${r.seq}`;
    if (wanted.has(key)) out.set(key, { org: r.org, actor: r.actor });
  }
  return out;
}
