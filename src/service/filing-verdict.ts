/**
 * What the level above sees when it pulls its children's filings: for each
 * child its state, and a verdict an upper committee can trust because every
 * part is checked again here, not taken from the child:
 *   1. the signed object verifies (key certified for the child, signature);
 *   2. the stored row says what the signature covers (a figure edited in the
 *      database after filing is named);
 *   3. the children's hashes it carries are their accepted filings;
 *   4. its figures equal a recomputation from the ledger as of the log
 *      checkpoint it was computed against, field by field;
 *   5. no entry dated on or before the cut-off entered the log after that
 *      checkpoint (backdated: entered after the filing, dated before it), and
 *      none of the year is dated before a checkpoint the log cosigned with its
 *      time that did not contain it (backdated by the log's own clock).
 */
import { checkFilingSigner, verifyFiling, type FilingClaims } from '../crypto/filing.ts';
import { openCheckpoint } from '../crypto/merkle/checkpoint.ts';
import { cosignedTime } from '../crypto/merkle/cosignature.ts';
import { parseVerifierKey } from '../crypto/merkle/note.ts';
import type { Keyring } from '../crypto/keyring.ts';
import { keyringOf, type TrustList } from '../crypto/trust-list.ts';
import { VerifyFailure } from '../crypto/verify-result.ts';
import {
  BACKDATE_GRACE_S,
  backdatedByLogClock,
  FILING_STATE_TITLES,
  type FilingStatus,
} from '../domain/filing.ts';
import { diffFigures, type FigureDifference } from '../domain/figures-diff.ts';
import { figuresOf, periodOf } from '../domain/indicators.ts';
import type { OrgTree } from '../domain/types.ts';
import { filingJws } from '../store/filings.ts';
import { entriesBehindTimedCheckpoints, entriesLoggedAfter } from '../store/statistics.ts';
import { subtreeOf } from './authorisation.ts';
import { trustList } from './bundle.ts';
import type { ServiceDeps } from './deps.ts';
import { deadlineOf, figuresForFiling, filingPicture, lateNow } from './filings.ts';

export interface BackdatedEntry {
  member: string;
  seq: number;
  kind: string;
  org: string;
  issuedAt: string;
  leafIndex: number;
  /** Backdated by the log's clock: the checkpoint signed later that does not contain it. */
  checkpoint?: { size: number; time: string };
}

export interface FilingVerdict {
  /** The signature and signer check (1): 'VALID' or the verification code. */
  signature: string;
  signatureMessage?: string;
  /** Stored claims against the signed ones (2). */
  stored: FigureDifference[];
  /** Children's hashes it names that are not (or no longer) their accepted filings (3). */
  children: { org: string; named: string | null; accepted: string | null }[];
  /** Signed figures against the recomputation (4). */
  figures: FigureDifference[];
  /** Entries dated before the cut-off but logged after its checkpoint (5). */
  backdated: BackdatedEntry[];
  checkpointSize: number | null;
  ok: boolean;
}

export interface FilingRowView {
  org: string;
  name: string;
  type: string;
  state: FilingStatus['state'];
  stateTitle: { zh: string; en: string };
  version: number;
  filedAt: string | null;
  filedBy: string | null;
  hash: string | null;
  late: boolean;
  exempt: { reason: string; late: boolean } | null;
  extendedUntil: string | null;
  returnReason: string | null;
  /** Headline figures of the newest filed version. */
  summary: { closing: number; onTimeRate: number | null; returnRate: number | null } | null;
  verdict: FilingVerdict | null;
}

export interface FilingsPull {
  org: string;
  year: number;
  deadline: string;
  own: FilingRowView;
  children: FilingRowView[];
  /** DHIS2's reporting-rate view: expected, filed (any version), on time, filed / expected. */
  rate: { expected: number; filed: number; onTime: number; rate: number | null };
}

/**
 * `org`'s own filing for `year` and every child's, each with its verdict:
 * `await pullFilings(deps, 'c1', 2026)` → `{ children: [{ org: 'b1', state: 'filed', verdict: { ok: true, … } }], … }`.
 */
export async function pullFilings(
  deps: ServiceDeps,
  org: string,
  year: number,
): Promise<FilingsPull> {
  const picture = await filingPicture(deps, org, year);
  const list = await trustList(deps);
  const ring = await keyringOf(list, deps.verifier);
  const view = async (id: string): Promise<FilingRowView> => {
    const node = picture.tree.get(id)!;
    const s = picture.statusOf(id);
    const base: FilingRowView = {
      org: id,
      name: node.name,
      type: node.type,
      state: s.state,
      stateTitle: FILING_STATE_TITLES[s.state],
      version: s.version,
      filedAt: s.filedAt === undefined ? null : new Date(s.filedAt * 1000).toISOString(),
      filedBy: s.filedBy ?? null,
      hash: s.filedHash ?? null,
      late: lateNow(deps, s, year),
      exempt: s.exempt ?? null,
      extendedUntil: s.extendedUntil ?? null,
      returnReason: s.returnReason ?? null,
      summary: s.figures
        ? {
            closing: s.figures.balance.closing,
            onTimeRate: s.figures.transfers.onTimeRate,
            returnRate: s.figures.temps.returnRate,
          }
        : null,
      verdict: null,
    };
    if (s.filedHash === undefined) return base;
    const row = picture.rows.find((r) => r.hash === s.filedHash)!;
    base.verdict = await verdictOf(
      deps,
      { ring, list, tree: picture.tree },
      row.claims,
      s.filedHash,
    );
    return base;
  };
  const children = [];
  for (const c of picture.childrenOf(org)) children.push(await view(c.id));
  const filed = children.filter((c) => c.version > 0);
  return {
    org,
    year,
    deadline: deadlineOf(deps, year),
    own: await view(org),
    children,
    rate: {
      expected: children.length,
      filed: filed.length,
      onTime: filed.filter((c) => !c.late).length,
      rate: children.length === 0 ? null : filed.length / children.length,
    },
  };
}

interface VerdictContext {
  ring: Keyring;
  list: TrustList;
  tree: OrgTree;
}

/** The five checks of one filed object (see the head of this file). */
export async function verdictOf(
  deps: ServiceDeps,
  ctx: VerdictContext,
  stored: FilingClaims,
  hash: string,
): Promise<FilingVerdict> {
  const v: FilingVerdict = {
    signature: 'VALID',
    stored: [],
    children: [],
    figures: [],
    backdated: [],
    checkpointSize: null,
    ok: false,
  };
  const jws = await filingJws(deps.db, hash);
  let signed: FilingClaims | undefined;
  try {
    if (jws === undefined)
      throw new VerifyFailure('MALFORMED', 'the signed filing is missing from the log');
    const f = await verifyFiling(jws, ctx.ring, deps.verifier);
    if (f.hash !== hash)
      throw new VerifyFailure('MALFORMED', 'the stored hash is not the signed object’s');
    checkFilingSigner(f.claims, (o) => ctx.tree.get(o)?.parent);
    signed = f.claims;
  } catch (err) {
    if (!(err instanceof VerifyFailure)) throw err;
    v.signature = err.code;
    v.signatureMessage = err.message;
  }
  const claims = signed ?? stored;
  v.stored = signed === undefined ? [] : diffFigures(signed, stored);
  if (claims.knd !== 'filed') return v;

  // 3. The children's accepted filings, as they stand now.
  const rows = await filingPictureOfChildren(deps, claims.org, claims.year);
  const accepted = new Map(
    rows.map((r) => [r.org, r.status.state === 'accepted' ? r.status.filedHash! : null]),
  );
  const named = new Map(claims.kids.map((k) => [k.org, k.hash]));
  for (const [org, acc] of accepted) {
    const n = named.get(org) ?? null;
    if (acc !== null && n !== acc) v.children.push({ org, named: n, accepted: acc });
    if (acc === null && n !== null) v.children.push({ org, named: n, accepted: null });
  }

  // 4 and 5, against the checkpoint the filing carries.
  try {
    const log = ctx.list.log;
    if (log === undefined) throw new Error('the trust list names no log');
    const cp = await openCheckpoint(claims.cp, { origin: log.origin, verifiers: [log.vkey] });
    v.checkpointSize = cp.size;
  } catch {
    if (v.signature === 'VALID') v.signature = 'BAD_CHECKPOINT';
  }
  if (v.checkpointSize !== null) {
    // The opening by the filer's own rule: last year's filed closing, when there is one.
    const { figures: recomputed } = await figuresForFiling(deps, claims.org, claims.year, {
      asOfLeaf: v.checkpointSize,
    });
    v.figures = diffFigures(claims.fig, figuresOf(recomputed));
    const period = periodOf(claims.year, deps.rules.statisticsCutoff);
    const ids = subtreeOf(ctx.tree, [claims.org]);
    const late = await entriesLoggedAfter(
      deps.db,
      ids,
      new Date(period.until * 1000),
      v.checkpointSize,
    );
    v.backdated = late.map((e) => ({ ...e, issuedAt: e.issuedAt.toISOString() }));
    const seen = new Set(v.backdated.map((e) => `${e.member}/${e.seq}`));
    for (const e of await backdatedAgainstTimedCheckpoints(deps, ctx.list, ids, period)) {
      if (!seen.has(`${e.member}/${e.seq}`)) v.backdated.push(e);
    }
  }
  v.ok =
    v.signature === 'VALID' &&
    v.stored.length === 0 &&
    v.children.length === 0 &&
    v.figures.length === 0 &&
    v.backdated.length === 0;
  return v;
}

/**
 * The year's entries of the subtree dated before a checkpoint the log cosigned with a later time
 * and that did not contain them. The store pre-selects on the stored time; each candidate's note is
 * verified here (log signature and cosignature) and the domain decides (backdatedByLogClock, the
 * offline audit's rule too).
 */
async function backdatedAgainstTimedCheckpoints(
  deps: ServiceDeps,
  list: TrustList,
  ids: readonly string[],
  period: { from: number; until: number },
): Promise<BackdatedEntry[]> {
  const log = list.log;
  if (log === undefined) return [];
  const verifier = await parseVerifierKey(log.vkey);
  const candidates = await entriesBehindTimedCheckpoints(
    deps.db,
    ids,
    { from: new Date(period.from * 1000), until: new Date(period.until * 1000) },
    BACKDATE_GRACE_S,
  );
  const timed = new Map<string, { size: number; time: number }>();
  for (const c of candidates) {
    if (timed.has(c.checkpointNote)) continue;
    const cp = await openCheckpoint(c.checkpointNote, {
      origin: log.origin,
      verifiers: [verifier],
    });
    const time = await cosignedTime(c.checkpointNote, verifier);
    if (time !== null) timed.set(c.checkpointNote, { size: cp.size, time });
  }
  const entries = candidates.map((c) => ({
    ...c,
    iat: Math.floor(c.issuedAt.getTime() / 1000),
  }));
  return backdatedByLogClock(entries, [...timed.values()]).map(({ entry: c, checkpoint }) => ({
    member: c.member,
    seq: c.seq,
    kind: c.kind,
    org: c.org,
    issuedAt: c.issuedAt.toISOString(),
    leafIndex: c.leafIndex,
    checkpoint: { size: checkpoint.size, time: new Date(checkpoint.time * 1000).toISOString() },
  }));
}

async function filingPictureOfChildren(deps: ServiceDeps, org: string, year: number) {
  const picture = await filingPicture(deps, org, year);
  return picture.childrenOf(org).map((c) => ({
    org: c.id,
    status: picture.statusOf(c.id),
  }));
}
