/**
 * The dues steps of verifyBundle: each line proven in a batch signed by the
 * branch that held the member, each batch proven in the log, and the
 * credential's `due` ("paid through") backed by a paid line for every month
 * from the record's first month — a hole is DUES_GAP.
 */
import {
  batchIdOf,
  lineRefOf,
  type DuesLine,
  type Month,
  type PlacedLine,
} from '../domain/dues.ts';
import { exemptFromEntries, type Exempt } from '../domain/dues-exempt.ts';
import { duesThrough, firstGap } from '../domain/dues-standing.ts';
import { evolve } from '../domain/evolve.ts';
import type { MemberState } from '../domain/ledger-types.ts';
import type { EntryClaims } from '../domain/types.ts';
import { fromB64u } from './bytes.ts';
import { toInclusionProof, type DuesProofLine } from './bundle.ts';
import type { CredentialClaims } from './credential.ts';
import { decodeDuesBatch, duesLineLeaf, toDuesLine, type DuesBatchClaims } from './dues-batch.ts';
import { entryHash } from './entry.ts';
import { JwsDecodeError, type SignatureVerifier } from './jws.ts';
import { checkKeyUse, type Keyring } from './keyring.ts';
import { fromBase64 } from './merkle/bytes.ts';
import { leafHashSync } from './merkle/hash.ts';
import { verifyInclusion } from './merkle/proof.ts';
import { VerifyFailure } from './verify-result.ts';

/** Most dues lines one bundle may carry: a lifetime of months with corrections. */
export const MAX_BUNDLE_DUES = 5_000;

export interface VerifiedDues {
  /** the lines, each proven */
  lines: PlacedLine[];
  /** the month paid through with no gap, as the lines say */
  through: Month | null;
}

interface Batch {
  claims: DuesBatchClaims;
  hash: string;
  id: string;
}

/** Runs the dues steps in order; `log` is the checkpoint the entries were proven against, if any. */
export async function checkDues(
  items: DuesProofLine[],
  ctx: {
    ring: Keyring;
    verifier: SignatureVerifier;
    entries: readonly { claims: EntryClaims }[];
    credential: CredentialClaims;
    log: { size: number; root: Uint8Array } | null;
  },
): Promise<VerifiedDues> {
  const batches = await checkDuesBatches(items, ctx.ring, ctx.verifier);
  const lines = await checkDuesLines(items, batches, ctx.credential.sub);
  checkDuesCollector(items, batches, ctx.entries);
  if (ctx.log) await checkDuesLogged(items, batches, ctx.log);
  // Months wholly inside a 停止党籍 owe nothing: the entries' status changes say which.
  const exempt = exemptFromEntries(ctx.entries.map((e) => e.claims));
  checkDuesClaim(lines, ctx.credential, exempt);
  return { lines, through: duesThrough(lines, null, exempt) };
}

/**
 * Checks that `dues` is a list of { batch, line, index, hashes, log? } of sane
 * size, each line a well-formed dues line: run at the bundle's edge (checkShape).
 */
export function checkDuesShape(input: unknown): DuesProofLine[] {
  if (input === undefined) return [];
  if (!Array.isArray(input) || input.length > MAX_BUNDLE_DUES)
    throw new VerifyFailure('MALFORMED', 'bundle dues must be a list of proven lines', 'dues');
  return input.map((d: unknown, i): DuesProofLine => {
    const at = `dues[${i}]`;
    const o = d as { [K in keyof DuesProofLine]?: unknown } | null;
    const proof = toInclusionProof(o);
    if (typeof o !== 'object' || o === null || typeof o.batch !== 'string' || !proof)
      throw new VerifyFailure('MALFORMED', 'a dues line is { batch, line, index, hashes }', at);
    const log = o.log === undefined ? undefined : toInclusionProof(o.log);
    if (o.log !== undefined && !log)
      throw new VerifyFailure('MALFORMED', 'a dues log proof is { index, hashes }', `${at}.log`);
    let line: DuesLine;
    try {
      line = toDuesLine(o.line);
    } catch (err) {
      throw new VerifyFailure('MALFORMED', (err as Error).message, `${at}.line`);
    }
    return { batch: o.batch, line, ...proof, ...(log ? { log } : {}) };
  });
}

/** Checks each batch once: well-formed, signed by a key certified for its branch at its time. */
async function checkDuesBatches(
  items: DuesProofLine[],
  ring: Keyring,
  verifier: SignatureVerifier,
): Promise<Batch[]> {
  const byJws = new Map<string, Promise<Batch>>();
  const check = async (jws: string, at: string): Promise<Batch> => {
    let d: ReturnType<typeof decodeDuesBatch>;
    try {
      d = decodeDuesBatch(jws);
    } catch (err) {
      throw new VerifyFailure(
        err instanceof JwsDecodeError ? err.code : 'MALFORMED',
        (err as Error).message,
        at,
      );
    }
    const use = checkKeyUse(ring, d.header.kid, d.claims.iss, d.claims.iat);
    if (!use.ok)
      throw new VerifyFailure(
        'BAD_DUES_SIGNATURE',
        `batch is not signed by a key of ${d.claims.iss}: ${use.message}`,
        at,
      );
    if (!(await verifier.verify(jws, d, use.key.jwk)))
      throw new VerifyFailure('BAD_DUES_SIGNATURE', 'dues batch signature does not verify', at);
    return {
      claims: d.claims,
      hash: await entryHash(jws),
      id: batchIdOf(d.claims.iss, d.claims.mon, d.claims.n),
    };
  };
  const out: Batch[] = [];
  for (const [i, item] of items.entries()) {
    let p = byJws.get(item.batch);
    if (!p) byJws.set(item.batch, (p = check(item.batch, `dues[${i}].batch`)));
    out.push(await p);
  }
  return out;
}

/**
 * Checks each line: the member's own, for a month the batch may cover (its
 * own or an earlier one), proven at its index in the batch's tree, and a
 * correction naming a line shown before it.
 */
async function checkDuesLines(
  items: DuesProofLine[],
  batches: Batch[],
  member: string,
): Promise<PlacedLine[]> {
  const out: PlacedLine[] = [];
  const refs = new Set<string>();
  for (const [i, item] of items.entries()) {
    const at = `dues[${i}]`;
    const { line } = item;
    const b = batches[i]!;
    if (line.member !== member)
      throw new VerifyFailure('DUES_MISMATCH', `line is for member ${line.member}`, at);
    if (line.month > b.claims.mon)
      throw new VerifyFailure(
        'DUES_MISMATCH',
        `line for ${line.month} in the batch of ${b.claims.mon}`,
        at,
      );
    if (line.replaces !== undefined && !refs.has(line.replaces))
      throw new VerifyFailure(
        'DUES_MISMATCH',
        `line corrects ${line.replaces}, which the bundle does not show before it`,
        at,
      );
    let ok: boolean;
    try {
      ok = await verifyInclusion(
        duesLineLeaf(line),
        item.index,
        b.claims.cnt,
        item.hashes.map(fromBase64),
        fromB64u(b.claims.root),
      );
    } catch (err) {
      throw new VerifyFailure(
        'BAD_DUES_PROOF',
        `line's inclusion proof is malformed: ${(err as Error).message}`,
        at,
      );
    }
    if (!ok)
      throw new VerifyFailure(
        'BAD_DUES_PROOF',
        `line is not at index ${item.index} of batch ${b.id}`,
        at,
      );
    const ref = lineRefOf(b.id, item.index);
    refs.add(ref);
    out.push({ ...line, ref, recorded: b.claims.mon });
  }
  return out;
}

/**
 * Checks that each batch was signed by the org holding the member's
 * relationship when it was signed (the origin collects until the arrival).
 */
function checkDuesCollector(
  items: DuesProofLine[],
  batches: Batch[],
  entries: readonly { claims: EntryClaims }[],
): void {
  // The member's orgs by time: after each entry, the org its state names.
  const timeline: { from: number; org: string }[] = [];
  let state: MemberState | undefined;
  for (const { claims } of entries) {
    state = evolve(state, claims);
    timeline.push({ from: claims.iat, org: state.org });
  }
  items.forEach((_, i) => {
    const { iss, iat } = batches[i]!.claims;
    // Orgs at `iat`: the last org before it, and any the member passed through in that very second.
    const held = new Set(timeline.filter((t) => t.from === iat).map((t) => t.org));
    const prior = timeline.filter((t) => t.from < iat).at(-1);
    if (prior) held.add(prior.org);
    if (!held.has(iss))
      throw new VerifyFailure(
        'DUES_MISMATCH',
        `batch signed by ${iss}, which did not hold the member's relationship then`,
        `dues[${i}].batch`,
      );
  });
}

/** Checks that each batch is a leaf of the checkpointed log. */
async function checkDuesLogged(
  items: DuesProofLine[],
  batches: Batch[],
  log: { size: number; root: Uint8Array },
): Promise<void> {
  for (const [i, item] of items.entries()) {
    const at = `dues[${i}].log`;
    if (!item.log) throw new VerifyFailure('BAD_LOG_PROOF', 'dues batch has no log proof', at);
    let ok: boolean;
    try {
      ok = await verifyInclusion(
        leafHashSync(fromB64u(batches[i]!.hash)),
        item.log.index,
        log.size,
        item.log.hashes.map(fromBase64),
        log.root,
      );
    } catch (err) {
      throw new VerifyFailure(
        'BAD_LOG_PROOF',
        `batch's log proof is malformed: ${(err as Error).message}`,
        at,
      );
    }
    if (!ok)
      throw new VerifyFailure(
        'BAD_LOG_PROOF',
        `batch is not at leaf ${item.log.index} of the checkpointed log`,
        at,
      );
  }
}

/** Checks the credential's `due`: every month from the record's first through it is paid or exempt. */
function checkDuesClaim(lines: PlacedLine[], c: CredentialClaims, exempt: Exempt): void {
  if (c.due === undefined) return;
  const gap = firstGap(lines, c.due, exempt);
  if (gap !== null)
    throw new VerifyFailure(
      'DUES_GAP',
      `credential says dues paid through ${c.due}, but ${gap} is not paid`,
      'credential',
    );
}
