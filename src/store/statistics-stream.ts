import { sql } from 'drizzle-orm';
import { lineRefOf, type PlacedLine } from '../domain/dues.ts';
import type { MemberHistory } from '../domain/indicators.ts';
import type { EntryClaims, MemberStatus } from '../domain/types.ts';
import { rowsOf, type Db } from './db.ts';

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
  /** Chunks read ahead, concurrently, while the caller folds (default 3). */
  ahead?: number;
}

/**
 * Every member, in id order, in chunks, with their entries up to the cut-off
 * and their dues lines: one pass over the ledger for the figures of every org
 * (service/statistics-all.ts). Selects only what the fold reads: the claims'
 * fields evolve uses (`prv` only on the first entry, where evolve checks its
 * absence), never the JWS; each member's entries, lines and status entries
 * come as one JSON array each (one row per member, not per entry: the rows'
 * parsing was most of the time). Selects, never decides: the same rows as
 * historiesTouching, linesOfMembers and statusEntriesOf, per member. The
 * next chunk is fetched while the caller folds the current one, so no more
 * than `ahead` + 1 chunks are held at once.
 */
export async function* membersInChunks(
  db: Db,
  opts: LedgerStreamOptions,
): AsyncGenerator<MemberYear[]> {
  const size = opts.chunk ?? 2_000;
  const ahead = Math.max(1, opts.ahead ?? 3);
  // Every chunk's first member id, in one index-only pass, so that chunks can be read ahead.
  const starts = rowsOf<{ id: string }>(
    await db.execute(sql`
      select id from (select id, row_number() over (order by id) as n from members) as m
      where (n - 1) % ${size} = 0 order by id`),
  ).map((r) => r.id);
  const read = (i: number) => chunkBetween(db, starts[i]!, starts[i + 1] ?? null, opts);
  const pending: Promise<MemberYear[]>[] = [];
  for (let i = 0; i < starts.length; i++) {
    while (pending.length < ahead && i + pending.length < starts.length)
      pending.push(read(i + pending.length));
    const chunk = await pending.shift()!;
    if (chunk.length > 0) yield chunk;
  }
}

/** The members with ids in [first, next) (to the end when next is null), with their year. */
async function chunkBetween(
  db: Db,
  from: string,
  next: string | null,
  opts: LedgerStreamOptions,
): Promise<MemberYear[]> {
  const people = rowsOf<{
    id: string;
    gender: 'M' | 'F';
    ethnicity: string | null;
    birth: string;
    cadre: boolean;
    org: string;
    status: MemberStatus;
  }>(
    await db.execute(sql`
      select id, gender, ethnicity, birth_date::text as birth, cadre, org_id as org, status
      from members where id >= ${from} ${next === null ? sql`` : sql`and id < ${next}`}
      order by id`),
  );
  if (people.length === 0) return [];
  const first = people[0]!.id;
  const last = people.at(-1)!.id;
  const [entries, lines, statuses] = await Promise.all([
    entriesBetween(db, first, last, opts),
    linesBetween(db, first, last),
    statusEntriesBetween(db, first, last),
  ]);
  return people.map((p) => ({
    history: {
      id: p.id,
      entries: entries.get(p.id) ?? [],
      profile: { gender: p.gender, ethnicity: p.ethnicity, birthDate: p.birth, cadre: p.cadre },
    },
    org: p.org,
    status: p.status,
    lines: lines.get(p.id) ?? [],
    statusEntries: statuses.get(p.id) ?? [],
  }));
}

/** A jsonb value from a raw select: parsed by the driver, or text. */
const jsonOf = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);

/** Rows of (member, json array) into a map, each array's items turned by `item`. */
function byMember<I, T>(result: unknown, item: (x: I) => T): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rowsOf<{ member: string; items: I[] | string }>(result))
    out.set(r.member, jsonOf(r.items).map(item));
  return out;
}

type EntryTuple = [
  string,
  number,
  string | null,
  EntryClaims['knd'],
  string,
  string,
  number,
  EntryClaims['dat'],
];

async function entriesBetween(
  db: Db,
  first: string,
  last: string,
  opts: LedgerStreamOptions,
): Promise<Map<string, EntryClaims[]>> {
  const leaf = opts.leafBelow === undefined ? sql`` : sql`and leaf_index < ${opts.leafBelow}`;
  const result = await db.execute(sql`
    select member_id as member, json_agg(json_build_array(
        claims->>'sub', (claims->>'seq')::int, case when seq = 1 then claims->>'prv' end,
        claims->>'knd', claims->>'iss', claims->>'act', (claims->>'iat')::float8, claims->'dat'
      ) order by seq) as items
    from ledger_entries
    where member_id between ${first} and ${last} and issued_at <= ${opts.until.toISOString()}::timestamptz ${leaf}
    group by member_id`);
  return byMember(result, ([sub, seq, prv, knd, iss, act, iat, dat]: EntryTuple) => {
    const c = { sub, seq, knd, iss, act, iat, dat } as EntryClaims;
    if (prv !== null) c.prv = prv;
    return c;
  });
}

async function statusEntriesBetween(db: Db, first: string, last: string) {
  const result = await db.execute(sql`
    select member_id as member, json_agg(json_build_array(claims->>'knd', claims->'dat') order by seq) as items
    from ledger_entries
    where member_id between ${first} and ${last} and kind = 'status'
    group by member_id`);
  return byMember(result, ([knd, dat]: [string, unknown]) => ({ knd, dat }));
}

type LineTuple = [
  string,
  number,
  string,
  string,
  number,
  number,
  number,
  PlacedLine['kind'],
  string | null,
  string,
];

async function linesBetween(
  db: Db,
  first: string,
  last: string,
): Promise<Map<string, PlacedLine[]>> {
  // `recorded` is the batch's month, the middle of its id (batchIdOf: org/month/n; an org id has
  // no '/'), so no join with dues_batches; the order of a member's lines changes no standing
  // (duesStanding sums and sets them), and is batch then index here.
  const result = await db.execute(sql`
    select member_id as member, json_agg(json_build_array(
        batch_id, idx, member_id, month, amount_fen, base_fen, rate_bp, kind, replaces,
        split_part(batch_id, '/', 2)
      ) order by batch_id, idx) as items
    from dues_lines
    where member_id between ${first} and ${last}
    group by member_id`);
  return byMember(
    result,
    ([batch, idx, member, month, amount, base, rate, kind, replaces, recorded]: LineTuple) => ({
      member,
      month,
      amount: Number(amount),
      base: Number(base),
      rate,
      kind,
      ...(replaces === null ? {} : { replaces }),
      ref: lineRefOf(batch, idx),
      recorded,
    }),
  );
}
