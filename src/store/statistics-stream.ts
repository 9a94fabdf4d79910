import { and, asc, between, eq, gt, lte, sql } from 'drizzle-orm';
import { duesBatches, duesLines, ledgerEntries, members } from '../../schema/index.ts';
import { lineRefOf, type PlacedLine } from '../domain/dues.ts';
import type { MemberHistory } from '../domain/indicators.ts';
import type { EntryClaims, MemberStatus } from '../domain/types.ts';
import type { Db } from './db.ts';

/** One member as the one-pass figures read them: the ledger up to the cut-off, and the dues lines. */
export interface MemberYear {
  history: MemberHistory;
  /** members.org_id and members.status now: who holds the member's dues. */
  org: string;
  status: MemberStatus;
  /** Every dues line of the member, in the order recorded (as linesOfMembers). */
  lines: PlacedLine[];
  /** Every status entry of the member, whatever its date (as statusEntriesOf): the dues exemptions. */
  statusEntries: { knd: string; dat: unknown }[];
}

export interface LedgerStreamOptions {
  /** Entries dated up to here (the cut-off). */
  until: Date;
  /** Only entries already in a checkpoint of this size. */
  leafBelow?: number;
  /** Members per chunk (each chunk is four queries). */
  chunk?: number;
}

/**
 * Every member, in id order, in chunks, with their entries up to the cut-off
 * and their dues lines: one pass over the ledger for the figures of every org
 * (service/statistics-all.ts). Selects only what the fold reads: the claims'
 * fields evolve uses (`prv` only on the first entry, where evolve checks its
 * absence), never the JWS. The next chunk is fetched while the caller folds
 * the current one, and no more than two chunks are held at once.
 */
export async function* membersInChunks(
  db: Db,
  opts: LedgerStreamOptions,
): AsyncGenerator<MemberYear[]> {
  const size = opts.chunk ?? 2_000;
  let next: Promise<MemberYear[]> | undefined = chunkAfter(db, null, size, opts);
  while (next !== undefined) {
    const chunk: MemberYear[] = await next;
    const last = chunk.at(-1)?.history.id;
    next = chunk.length < size || last === undefined ? undefined : chunkAfter(db, last, size, opts);
    if (chunk.length > 0) yield chunk;
  }
}

async function chunkAfter(
  db: Db,
  after: string | null,
  size: number,
  opts: LedgerStreamOptions,
): Promise<MemberYear[]> {
  const people = await db
    .select({
      id: members.id,
      gender: members.gender,
      ethnicity: members.ethnicity,
      birthDate: members.birthDate,
      cadre: members.cadre,
      org: members.orgId,
      status: members.status,
    })
    .from(members)
    .where(after === null ? undefined : gt(members.id, after))
    .orderBy(asc(members.id))
    .limit(size);
  if (people.length === 0) return [];
  const first = people[0]!.id;
  const last = people.at(-1)!.id;
  const [entries, lines, statuses] = await Promise.all([
    entriesBetween(db, first, last, opts),
    linesBetween(db, first, last),
    statusEntriesBetween(db, first, last),
  ]);
  const byMember = new Map<string, MemberYear>();
  const out = people.map((p) => {
    const m: MemberYear = {
      history: {
        id: p.id,
        entries: [],
        profile: {
          gender: p.gender,
          ethnicity: p.ethnicity,
          birthDate: String(p.birthDate),
          cadre: p.cadre,
        },
      },
      org: p.org,
      status: p.status,
      lines: [],
      statusEntries: [],
    };
    byMember.set(p.id, m);
    return m;
  });
  for (const e of entries)
    (byMember.get(e.member)!.history.entries as EntryClaims[]).push(e.claims);
  for (const l of lines) byMember.get(l.member)!.lines.push(l);
  for (const e of statuses)
    byMember.get(e.member)!.statusEntries.push({ knd: e.knd, dat: jsonOf(e.dat) });
  return out;
}

// Field names are constants of this file, written into the SQL as literals.
const claim = (field: 'sub' | 'seq' | 'prv' | 'knd' | 'iss' | 'act' | 'iat') =>
  sql`${ledgerEntries.claims}->>${sql.raw(`'${field}'`)}`;

async function entriesBetween(
  db: Db,
  first: string,
  last: string,
  opts: LedgerStreamOptions,
): Promise<{ member: string; claims: EntryClaims }[]> {
  const rows = await db
    .select({
      sub: sql<string>`${claim('sub')}`,
      seq: sql<number>`(${claim('seq')})::int`,
      prv: sql<string | null>`case when ${ledgerEntries.seq} = 1 then ${claim('prv')} end`,
      knd: sql<EntryClaims['knd']>`${claim('knd')}`,
      iss: sql<string>`${claim('iss')}`,
      act: sql<string>`${claim('act')}`,
      iat: sql<number>`(${claim('iat')})::float8`,
      dat: sql<EntryClaims['dat']>`${ledgerEntries.claims}->'dat'`,
      member: ledgerEntries.memberId,
    })
    .from(ledgerEntries)
    .where(
      and(
        between(ledgerEntries.memberId, first, last),
        lte(ledgerEntries.issuedAt, opts.until),
        opts.leafBelow === undefined
          ? undefined
          : sql`${ledgerEntries.leafIndex} < ${opts.leafBelow}`,
      ),
    )
    .orderBy(asc(ledgerEntries.memberId), asc(ledgerEntries.seq));
  return rows.map((r) => {
    const c = {
      sub: r.sub,
      seq: r.seq,
      knd: r.knd,
      iss: r.iss,
      act: r.act,
      iat: r.iat,
      dat: jsonOf(r.dat),
    } as EntryClaims;
    if (r.prv !== null) c.prv = r.prv;
    // Grouped by the row's member, as historiesTouching groups them.
    return { member: r.member, claims: c };
  });
}

/** A jsonb value from a raw select: parsed by postgres.js, text from some drivers. */
const jsonOf = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);

async function statusEntriesBetween(db: Db, first: string, last: string) {
  return db
    .select({
      member: ledgerEntries.memberId,
      knd: sql<string>`${claim('knd')}`,
      dat: sql<unknown>`${ledgerEntries.claims}->'dat'`,
    })
    .from(ledgerEntries)
    .where(and(between(ledgerEntries.memberId, first, last), eq(ledgerEntries.kind, 'status')))
    .orderBy(asc(ledgerEntries.memberId), asc(ledgerEntries.seq));
}

async function linesBetween(db: Db, first: string, last: string): Promise<PlacedLine[]> {
  const rows = await db
    .select({
      batchId: duesLines.batchId,
      idx: duesLines.idx,
      member: duesLines.memberId,
      month: duesLines.month,
      amount: duesLines.amountFen,
      base: duesLines.baseFen,
      rate: duesLines.rateBp,
      kind: duesLines.kind,
      replaces: duesLines.replaces,
      recorded: duesBatches.month,
    })
    .from(duesLines)
    .innerJoin(duesBatches, eq(duesBatches.id, duesLines.batchId))
    .where(between(duesLines.memberId, first, last))
    .orderBy(
      asc(duesLines.memberId),
      asc(duesBatches.issuedAt),
      asc(duesBatches.n),
      asc(duesLines.idx),
    );
  return rows.map((l) => ({
    member: l.member,
    month: l.month,
    amount: l.amount,
    base: l.base,
    rate: l.rate,
    kind: l.kind,
    ...(l.replaces === null ? {} : { replaces: l.replaces }),
    ref: lineRefOf(l.batchId, l.idx),
    recorded: l.recorded,
  }));
}
