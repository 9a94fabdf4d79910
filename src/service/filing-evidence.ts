/**
 * What an auditor downloads to check a filing offline with only the root key
 * (`pmcert report audit`): the signed filing and the row stored for it, the
 * root-signed trust list, and the full bundle of every member whose ledger
 * can touch the subtree (entries, certificates, inclusion proofs against a
 * current checkpoint), with a consistency proof from the filing's checkpoint
 * to each checkpoint the bundles carry, and the checkpoints the log cosigned with
 * a time that the timed rule needs (see `timed`).
 */
import type { Bundle } from '../crypto/bundle.ts';
import { openCheckpoint } from '../crypto/merkle/checkpoint.ts';
import { toBase64 } from '../crypto/merkle/bytes.ts';
import { BACKDATE_GRACE_S } from '../domain/filing.ts';
import { periodOf, type MemberProfile } from '../domain/indicators.ts';
import { NotFound } from '../errors.ts';
import { filingJws } from '../store/filings.ts';
import { historiesTouching, timedCheckpointsOf } from '../store/statistics.ts';
import { subtreeOf } from './authorisation.ts';
import { currentCredential } from './credential-refresh.ts';
import { exportBundle, signedTrustList, trustList } from './bundle.ts';
import type { ServiceDeps } from './deps.ts';
import { filingPicture } from './filings.ts';
import { integrate, proveConsistency } from './log.ts';

export interface FilingEvidence {
  v: 1;
  org: string;
  year: number;
  /** The newest filed version's JWS, as the log holds it. */
  filing: string;
  /** The claims the database holds for it (compared with the signed ones). */
  stored: unknown;
  /** The root-signed trust list (`trust.jws`). */
  trust: string;
  members: { bundle: Bundle; profile: MemberProfile }[];
  /** Consistency proofs from the filing's checkpoint size to each bundle checkpoint size. */
  consistency: Record<string, string[]>;
  /**
   * Cosigned checkpoints (signed notes, with the log's time) for the timed rule: for each entry
   * of the year, the first one signed more than the grace after its date and smaller than the
   * filing's, each with a consistency proof from its size to the filing's checkpoint.
   */
  timed: { note: string; consistency: string[] }[];
}

/** Builds the evidence of `org`'s newest filing for `year`. */
export async function filingEvidence(
  deps: ServiceDeps,
  org: string,
  year: number,
): Promise<FilingEvidence> {
  const picture = await filingPicture(deps, org, year);
  const status = picture.statusOf(org);
  if (status.filedHash === undefined) throw new NotFound('filing of', `${org} ${year}`, 'year');
  const row = picture.rows.find((r) => r.hash === status.filedHash)!;
  const jws = await filingJws(deps.db, row.hash);
  if (jws === undefined) throw new NotFound('signed filing', row.hash, 'year');
  await integrate(deps);
  const ids = subtreeOf(picture.tree, [org]);
  const histories = await historiesTouching(deps.db, ids);
  const members = [];
  for (const h of histories) {
    // A quiet member's credential may have lapsed; the bundle must verify today.
    await currentCredential(deps, h.id);
    members.push({ bundle: await exportBundle(deps, h.id), profile: h.profile });
  }
  const list = await trustList(deps);
  const log = list.log!;
  const from = (
    await openCheckpoint(row.claims.knd === 'filed' ? row.claims.cp : '', {
      origin: log.origin,
      verifiers: [log.vkey],
    })
  ).size;
  const period = periodOf(year, deps.rules.statisticsCutoff);
  const timed = [];
  const chosen = await timedCheckpointsOf(
    deps.db,
    ids,
    { from: new Date(period.from * 1000), until: new Date(period.until * 1000) },
    BACKDATE_GRACE_S,
    from,
  );
  for (const cp of chosen) {
    timed.push({
      note: cp.note,
      consistency: (await proveConsistency(deps, cp.size, from)).map(toBase64),
    });
  }
  const consistency: Record<string, string[]> = {};
  for (const m of members) {
    const size = m.bundle.checkpoint ? Number(m.bundle.checkpoint.split('\n')[1]) : from;
    if (size > from && consistency[size] === undefined) {
      consistency[size] = (await proveConsistency(deps, from, size)).map(toBase64);
    }
  }
  return {
    v: 1,
    org,
    year,
    filing: jws,
    stored: row.claims,
    trust: await signedTrustList(deps),
    members,
    consistency,
    timed,
  };
}
