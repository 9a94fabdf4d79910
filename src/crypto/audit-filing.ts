/**
 * The offline audit of an annual filing (`pmcert report audit`): with only
 * the root's public key, re-verify everything the evidence carries and
 * recompute every figure, as named steps:
 *   checkTrust → checkFiling → checkStored → checkFilingCheckpoint →
 *   checkTimed (each cosigned checkpoint: log signature, cosigned time, and
 *   consistent with the filing's) → checkMembers (each bundle, and its
 *   checkpoint consistent with the filing's) → recompute (entries logged before
 *   the filing's checkpoint, dated up to the cut-off) → findBackdated (dated up
 *   to the cut-off, logged after it; or dated in the year before a cosigned
 *   checkpoint that did not contain it: backdatedByLogClock, the verdict's rule).
 * What it cannot see: a member the evidence leaves out entirely (the figures
 * are proven from what is presented, and each presented ledger is complete, so
 * they then no longer recompute), and a cosigned checkpoint left out. The
 * timed rule convicts only against the checkpoints presented: a consistency
 * proof ties each to the filing's tree and the log key signs its time, so none
 * can be made up by anyone without that key, but nothing proves the set is
 * complete (checkpoints do not chain), so a server that drops the July
 * checkpoint hides an entry dated June and logged after it. Only checkpoints
 * kept by someone else (witnesses cosigning, the auditor's own earlier pulls)
 * close that; and the times are the log key's word, so a server holding that
 * key could sign a fresh checkpoint with an old time.
 */
import { backdatedByLogClock } from '../domain/filing.ts';
import { diffFigures, type FigureDifference } from '../domain/figures-diff.ts';
import {
  computeIndicators,
  figuresOf,
  periodOf,
  type MemberHistory,
  type MemberProfile,
} from '../domain/indicators.ts';
import { DEFAULT_RULES, type Rules } from '../domain/rules.ts';
import type { EntryClaims, NumericDate, OrgTree } from '../domain/types.ts';
import type { Bundle } from './bundle.ts';
import { checkFilingSigner, verifyFiling, type FilingClaims } from './filing.ts';
import type { SignatureVerifier } from './jws.ts';
import type { PublicJwk } from './keys.ts';
import { fromBase64, toBase64 } from './merkle/bytes.ts';
import { openCheckpoint, type Checkpoint } from './merkle/checkpoint.ts';
import { cosignedTime } from './merkle/cosignature.ts';
import { parseVerifierKey } from './merkle/note.ts';
import { verifyConsistency } from './merkle/proof.ts';
import { keyringOf, verifyTrustList, type TrustList } from './trust-list.ts';
import { verifyBundle } from './verify-bundle.ts';
import { VerifyFailure } from './verify-result.ts';

export interface AuditEvidence {
  org: string;
  year: number;
  filing: string;
  stored: unknown;
  trust: string;
  members: { bundle: Bundle; profile: MemberProfile }[];
  consistency: Record<string, string[]>;
  /** Cosigned checkpoints for the timed rule, each with a consistency proof to the filing's (absent in older evidence). */
  timed?: { note: string; consistency: string[] }[];
}

export interface AuditFinding {
  /** What failed: a verification code, or FIGURE / STORED / BACKDATED. */
  code: string;
  where: string;
  message: string;
}

export interface AuditReport {
  ok: boolean;
  org: string;
  year: number;
  version: number | null;
  checkpointSize: number | null;
  members: number;
  entries: number;
  /** Signed figures against the recomputation, cell by cell. */
  figures: FigureDifference[];
  findings: AuditFinding[];
}

/**
 * Audits `evidence` against the root key:
 * `const r = await auditFiling(JSON.parse(text), rootJwk, now, verifier); if (!r.ok) print(r.findings)`.
 */
export async function auditFiling(
  evidence: AuditEvidence,
  rootJwk: PublicJwk,
  now: NumericDate,
  verifier: SignatureVerifier,
  rules: Rules = DEFAULT_RULES,
): Promise<AuditReport> {
  const report: AuditReport = {
    ok: false,
    org: evidence.org,
    year: evidence.year,
    version: null,
    checkpointSize: null,
    members: 0,
    entries: 0,
    figures: [],
    findings: [],
  };
  const find = (code: string, where: string, message: string) =>
    report.findings.push({ code, where, message });
  try {
    const { list, tree } = await checkTrust(evidence.trust, rootJwk, verifier);
    const claims = await checkFiling(evidence, list, tree, verifier);
    report.version = claims.ver;
    for (const d of diffFigures(claims, evidence.stored)) {
      find(
        'STORED',
        d.path,
        `the database holds ${fmt(d.recomputed)}, the signature covers ${fmt(d.filed)}`,
      );
    }
    const cp = await checkFilingCheckpoint(claims.cp, list);
    report.checkpointSize = cp.size;
    const timed = await checkTimed(evidence.timed ?? [], cp, list, find);
    const period = periodOf(claims.year, rules.statisticsCutoff);
    const histories: MemberHistory[] = [];
    const ofYear: { iat: NumericDate; leafIndex: number; claims: EntryClaims }[] = [];
    for (const [i, m] of evidence.members.entries()) {
      const where = `members[${i}]`;
      const r = await verifyBundle(m.bundle, rootJwk, now, {
        verifier,
        tree,
        rules,
        requireLog: true,
      });
      if (!r.valid) {
        find(r.code, `${where}${r.at ? `.${r.at}` : ''}`, r.message);
        continue;
      }
      const log = r.value.log!;
      if (!(await checkConsistent(cp, log, evidence.consistency[String(log.size)]))) {
        find(
          'BAD_LOG_PROOF',
          where,
          `its checkpoint (${log.size}) does not extend the filing's (${cp.size})`,
        );
        continue;
      }
      report.members += 1;
      const entries: EntryClaims[] = [];
      for (const [j, e] of r.value.entries.entries()) {
        report.entries += 1;
        const leaf = log.leaves[j]!;
        if (e.claims.iat > period.until) continue;
        if (leaf < cp.size && e.claims.iat > period.from)
          ofYear.push({ iat: e.claims.iat, leafIndex: leaf, claims: e.claims });
        if (leaf < cp.size) entries.push(e.claims);
        else {
          const date = new Date(e.claims.iat * 1000).toISOString();
          find(
            'BACKDATED',
            `member ${e.claims.sub} entry ${e.claims.seq}`,
            `${e.claims.knd} dated ${date} entered the log at leaf ${leaf}, after the filing's checkpoint (${cp.size})`,
          );
        }
      }
      if (entries.length > 0)
        histories.push({ id: r.value.credential.sub, entries, profile: m.profile });
    }
    for (const { entry, checkpoint } of backdatedByLogClock(ofYear, timed)) {
      const c = entry.claims;
      find(
        'BACKDATED',
        `member ${c.sub} entry ${c.seq}`,
        `${c.knd} dated ${iso(c.iat)} entered the log at leaf ${entry.leafIndex}, after the checkpoint of ${checkpoint.size} the log cosigned at ${iso(checkpoint.time)}`,
      );
    }
    const recomputed = computeIndicators({
      org: claims.org,
      tree,
      period,
      members: histories,
      rules,
      // The opening is last year's filed closing, which the auditor takes from the filing itself.
      openingOverride: claims.fig.balance.opening,
    });
    // Dues lines are not part of this evidence: their figures are the dues audit's.
    report.figures = diffFigures(claims.fig, figuresOf(recomputed)).filter(
      (d) => !d.path.startsWith('dues.'),
    );
    for (const d of report.figures) {
      find('FIGURE', d.path, `filed ${fmt(d.filed)}, recomputed ${fmt(d.recomputed)}`);
    }
  } catch (err) {
    if (!(err instanceof VerifyFailure)) throw err;
    find(err.code, err.at ?? 'evidence', err.message);
  }
  report.ok = report.findings.length === 0;
  return report;
}

const fmt = (v: unknown) => (v === undefined ? '(none)' : JSON.stringify(v));
const iso = (t: NumericDate) => new Date(t * 1000).toISOString();

/** Checks that the trust list is signed by the root; the org tree comes from it. */
async function checkTrust(jws: string, rootJwk: PublicJwk, verifier: SignatureVerifier) {
  let list: TrustList;
  try {
    list = await verifyTrustList(jws, rootJwk, verifier);
  } catch (err) {
    throw new VerifyFailure('UNTRUSTED_ROOT', `trust list: ${(err as Error).message}`, 'trust');
  }
  const tree: OrgTree = new Map(list.orgs.map((o) => [o.id, { ...o, parent: o.parent ?? null }]));
  return { list, tree };
}

/** Checks that the filing is a `filed` object of the org and year, signed by the org's certified key. */
async function checkFiling(
  evidence: AuditEvidence,
  list: TrustList,
  tree: OrgTree,
  verifier: SignatureVerifier,
): Promise<Extract<FilingClaims, { knd: 'filed' }>> {
  const ring = await keyringOf(list, verifier);
  const f = await verifyFiling(evidence.filing, ring, verifier, 'filing');
  checkFilingSigner(f.claims, (o) => tree.get(o)?.parent, 'filing');
  const c = f.claims;
  if (c.knd !== 'filed' || c.org !== evidence.org || c.year !== evidence.year) {
    throw new VerifyFailure(
      'MALFORMED',
      `not the ${evidence.year} filing of ${evidence.org}`,
      'filing',
    );
  }
  return c;
}

/** Checks the filing's checkpoint against the root-certified log key. */
async function checkFilingCheckpoint(note: string, list: TrustList) {
  const log = list.log;
  if (log === undefined)
    throw new VerifyFailure('BAD_CHECKPOINT', 'the trust list names no log', 'filing.cp');
  try {
    return await openCheckpoint(note, { origin: log.origin, verifiers: [log.vkey] });
  } catch (err) {
    throw new VerifyFailure('BAD_CHECKPOINT', (err as Error).message, 'filing.cp');
  }
}

/**
 * Checks each cosigned checkpoint for the timed rule: signed by the log key, cosigned by it with a
 * time, and a prefix of the filing's tree (so it is of this log, not made up). Those that fail are
 * named and not used.
 */
async function checkTimed(
  timed: readonly { note: string; consistency: string[] }[],
  cp: Checkpoint,
  list: TrustList,
  find: (code: string, where: string, message: string) => void,
): Promise<{ size: number; time: NumericDate }[]> {
  const log = list.log!;
  const verifier = await parseVerifierKey(log.vkey);
  const out: { size: number; time: NumericDate }[] = [];
  for (const [i, t] of timed.entries()) {
    const where = `timed[${i}]`;
    let c: Checkpoint;
    let time: number | null;
    try {
      c = await openCheckpoint(t.note, { origin: log.origin, verifiers: [verifier] });
      time = await cosignedTime(t.note, verifier);
    } catch (err) {
      find('BAD_CHECKPOINT', where, (err as Error).message);
      continue;
    }
    if (time === null) {
      find('BAD_CHECKPOINT', where, 'the log did not cosign it with a time');
      continue;
    }
    if (!(await checkConsistent(c, { size: cp.size, root: toBase64(cp.root) }, t.consistency))) {
      find(
        'BAD_LOG_PROOF',
        where,
        `it (${c.size}) is not a prefix of the filing's checkpoint (${cp.size})`,
      );
      continue;
    }
    out.push({ size: c.size, time });
  }
  return out;
}

/** Checks that a bundle's checkpoint extends the filing's (RFC 9162 consistency). */
async function checkConsistent(
  cp: { size: number; root: Uint8Array },
  log: { size: number; root: string },
  proof: string[] | undefined,
): Promise<boolean> {
  if (log.size === cp.size) return log.root === toBase64(cp.root);
  if (log.size < cp.size || proof === undefined) return false;
  try {
    return await verifyConsistency(
      cp.size,
      log.size,
      proof.map(fromBase64),
      cp.root,
      fromBase64(log.root),
    );
  } catch {
    return false;
  }
}
