/**
 * A dues batch (`typ: pmc-dues+jwt`): one branch-month of 党费 lines, signed
 * once. The lines are leaves of an RFC 9162 Merkle tree (the log's hashing);
 * the signed claims carry its root and size, so each member's line is proven
 * by an inclusion proof rather than a signature of its own. The batch hash
 * (SHA-256 of the JWS text, like an entry's) is one leaf of the global log.
 */
import { batchIdOf, isDuesKind, isMonth, type DuesLine, type Month } from '../domain/dues.ts';
import type { NumericDate } from '../domain/types.ts';
import { b64u, fromB64u, utf8 } from './bytes.ts';
import { entryHash } from './entry.ts';
import { decodeJws, signJws, type DecodedJws, type Signer } from './jws.ts';
import { leafHashSync } from './merkle/hash.ts';
import { MemoryTree } from './merkle/memory-tree.ts';
import { toBase64 } from './merkle/bytes.ts';
import type { DuesProofLine } from './bundle.ts';

export const DUES_TYP = 'pmc-dues+jwt';
/** Tag of the line encoding, so a line's bytes can never be read as another object's. */
const LINE_TAG = 'pmc-dues-line/1';
/** The most lines one batch may carry: a very large branch is a few hundred members, each with back-payments. */
export const MAX_BATCH_LINES = 100_000;

/** The signed claims of a batch. */
export interface DuesBatchClaims {
  /** the branch that collected */
  iss: string;
  /** the month recorded, `YYYY-MM` */
  mon: Month;
  /** 1 for the month's batch; 2, 3… for later batches of the same branch-month (late payers, corrections) */
  n: number;
  /** number of lines = size of the tree */
  cnt: number;
  /** Merkle root of the lines, base64url */
  root: string;
  /** total of the lines' amounts in fen */
  sum: number;
  /** the officer who recorded it */
  act: string;
  iat: NumericDate;
}

/**
 * The bytes of a line, the leaf data of its batch's tree: a JSON array in a
 * fixed order, so every implementation encodes a line the same way.
 * @example encodeDuesLine({ member: 'm1', month: '2026-07', amount: 4000, base: 400000, rate: 100, kind: 'salaried' })
 *          // UTF-8 of ["pmc-dues-line/1","m1","2026-07",4000,400000,100,"salaried",null]
 */
export function encodeDuesLine(l: DuesLine): Uint8Array {
  return utf8(
    JSON.stringify([
      LINE_TAG,
      l.member,
      l.month,
      l.amount,
      l.base,
      l.rate,
      l.kind,
      l.replaces ?? null,
    ]),
  );
}

/** RFC 9162 leaf hash of a line. */
export const duesLineLeaf = (l: DuesLine): Uint8Array => leafHashSync(encodeDuesLine(l));

export interface SignedDuesBatch {
  jws: string;
  /** base64url SHA-256 of the JWS: the log leaf */
  hash: string;
  claims: DuesBatchClaims;
  /** `<org>/<month>/<n>` */
  id: string;
  tree: MemoryTree;
}

/**
 * Builds the tree over `lines` (in the order given: index i is line i) and signs the batch.
 * @example const b = await signDuesBatch({ iss: 'b1', mon: '2026-07', n: 1, act: 'officer-7', iat }, lines, signer);
 */
export async function signDuesBatch(
  head: Pick<DuesBatchClaims, 'iss' | 'mon' | 'n' | 'act' | 'iat'>,
  lines: readonly DuesLine[],
  signer: Signer,
): Promise<SignedDuesBatch> {
  if (lines.length === 0) throw new RangeError('a dues batch needs at least one line');
  if (lines.length > MAX_BATCH_LINES) throw new RangeError('too many lines for one batch');
  const tree = MemoryTree.of(lines.map(duesLineLeaf));
  const claims: DuesBatchClaims = {
    iss: head.iss,
    mon: head.mon,
    n: head.n,
    cnt: lines.length,
    root: b64u(await tree.root()),
    sum: lines.reduce((s, l) => s + l.amount, 0),
    act: head.act,
    iat: head.iat,
  };
  const jws = await signJws(claims, DUES_TYP, signer);
  return {
    jws,
    hash: await entryHash(jws),
    claims,
    id: batchIdOf(head.iss, head.mon, head.n),
    tree,
  };
}

const str = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 256;
const int = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/** Parses a batch JWS (unverified) and checks its claims have the designed shape. */
export function decodeDuesBatch(jws: unknown): DecodedJws & { claims: DuesBatchClaims } {
  const d = decodeJws(jws, DUES_TYP);
  const c = d.claims;
  const ok =
    str(c.iss) &&
    isMonth(c.mon) &&
    int(c.n) &&
    c.n >= 1 &&
    int(c.cnt) &&
    c.cnt >= 1 &&
    c.cnt <= MAX_BATCH_LINES &&
    typeof c.root === 'string' &&
    fromB64uSafe(c.root)?.length === 32 &&
    int(c.sum) &&
    str(c.act) &&
    int(c.iat);
  if (!ok) throw new TypeError('dues batch claims are missing or of the wrong type');
  return d as DecodedJws & { claims: DuesBatchClaims };
}

function fromB64uSafe(s: string): Uint8Array | null {
  try {
    return fromB64u(s);
  } catch {
    return null;
  }
}

/** Reads a line from wire data, refusing anything but the designed fields. */
export function toDuesLine(v: unknown): DuesLine {
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new TypeError('a dues line is an object');
  const o = v as Record<string, unknown>;
  const known = new Set(['member', 'month', 'amount', 'base', 'rate', 'kind', 'replaces']);
  const extra = Object.keys(o).find((k) => !known.has(k));
  if (extra !== undefined) throw new TypeError(`a dues line has no field ${extra}`);
  if (
    !str(o.member) ||
    !isMonth(o.month) ||
    !int(o.amount) ||
    !int(o.base) ||
    !int(o.rate) ||
    !isDuesKind(o.kind) ||
    (o.replaces !== undefined && !str(o.replaces))
  )
    throw new TypeError('a dues line is { member, month, amount, base, rate, kind, replaces? }');
  return {
    member: o.member,
    month: o.month,
    amount: o.amount,
    base: o.base,
    rate: o.rate,
    kind: o.kind,
    ...(o.replaces === undefined ? {} : { replaces: o.replaces as string }),
  };
}

/**
 * The proofs of some lines of a batch, for a bundle: the tree is rebuilt from
 * all of the batch's lines (in index order) and checked against the signed root.
 * @example const items = await proveDuesLines(batch.jws, allLines, [3, 7]);
 */
export async function proveDuesLines(
  batchJws: string,
  allLines: readonly DuesLine[],
  indexes: readonly number[],
): Promise<DuesProofLine[]> {
  const { claims } = decodeDuesBatch(batchJws);
  const tree = MemoryTree.of(allLines.map(duesLineLeaf));
  if (tree.size !== claims.cnt || b64u(await tree.root()) !== claims.root)
    throw new Error(
      `the stored lines of batch ${batchIdOf(claims.iss, claims.mon, claims.n)} do not make its root`,
    );
  return Promise.all(
    indexes.map(async (index) => ({
      batch: batchJws,
      line: allLines[index]!,
      index,
      hashes: (await tree.proof(index)).map(toBase64),
    })),
  );
}
