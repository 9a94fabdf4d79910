import { b64u, sha256 } from '../crypto/bytes.ts';
import { signEntry } from '../crypto/entry.ts';
import { decide } from '../domain/decide.ts';
import { evolve } from '../domain/ledger.ts';
import type { EndorseIntent, Intent } from '../domain/kinds/index.ts';
import type { MemberState } from '../domain/ledger-types.ts';
import type { EntryClaims, OrgTree } from '../domain/types.ts';
import { changedText } from '../i18n/messages.ts';
import {
  IdempotencyMismatch,
  InvalidInput,
  LedgerConflict,
  PmcError,
  StaleCredential,
  type MissedEntry,
} from '../errors.ts';
import { findIdempotent, getMember, listEntries, loadTree } from '../store/queries.ts';
import type { MemberRow } from '../store/rows.ts';
import { credentialFor, headOf } from './credential.ts';
import { writerOf } from './writer.ts';
import type { ServiceDeps } from './deps.ts';
import { canonicalJson } from './input.ts';
import { signerFor } from './keys.ts';
import { loadMember, type Actor } from './members.ts';

export interface EndorseRequest {
  memberId: string;
  intent: EndorseIntent;
  actor: Actor;
  /** The head the officer saw (from the scanned credential): refuse if the ledger has moved since. */
  expected?: { seq: number; hd: string };
  idempotencyKey?: string;
  /** The member as the caller already loaded it (the HTTP layer does, to authorise): saves reading it twice. */
  loaded?: { row: MemberRow; state: MemberState };
  /** The org tree, when the caller keeps a fresh copy (the HTTP layer's cache). */
  tree?: OrgTree;
}

export interface EndorseResult {
  seq: number;
  hash: string;
  jws: string;
  credential: string;
  /** True when an idempotent retry returned the entry made the first time. */
  replayed: boolean;
}

/** The entries after `seenSeq`, as the loser of a race is told of them. */
function missedSince(state: MemberState, seenSeq: number, tree: OrgTree): MissedEntry[] {
  return state.entries
    .filter((e) => e.seq > seenSeq)
    .map((e) => {
      const orgName = tree.get(e.iss)?.name ?? e.iss;
      return {
        seq: e.seq,
        kind: e.knd,
        org: e.iss,
        orgName,
        at: e.iat,
        text: changedText({ knd: e.knd, orgName, iat: e.iat }),
      };
    });
}

/**
 * Appends one signed entry for an officer's intent: checks the rules against
 * the replayed ledger, signs, re-issues the credential, and commits only if
 * nobody appended in between.
 * @example await endorse(deps, { memberId, intent: { kind: 'transfer_out', to: 'b2' }, actor: { org: 'b1', officer: 'u1' } });
 */
export async function endorse(deps: ServiceDeps, req: EndorseRequest): Promise<EndorseResult> {
  if ((req.intent as Intent).kind === 'enroll')
    throw new InvalidInput('kind', 'enroll is not an endorsement');
  const idempotency = req.idempotencyKey === undefined ? undefined : await idempotencyClaim(req);
  const earlier = async (): Promise<EndorseResult | undefined> => {
    if (!idempotency) return undefined;
    const prior = await findIdempotent(deps.db, idempotency.scope, idempotency.key);
    if (!prior) return undefined;
    if (prior.requestHash !== idempotency.requestHash)
      throw new IdempotencyMismatch(idempotency.key);
    return replayedResult(deps, prior.memberId, prior.seq);
  };
  const done = await earlier();
  if (done) return done;
  try {
    return await appendNew(deps, req, idempotency);
  } catch (err) {
    // A quick retry can read the ledger after the first attempt committed and trip over its own
    // entry (already in transit, head moved): with the same key, answer with that entry.
    if (idempotency && err instanceof PmcError) {
      const first = await earlier();
      if (first) return first;
    }
    throw err;
  }
}

async function appendNew(
  deps: ServiceDeps,
  req: EndorseRequest,
  idempotency: Awaited<ReturnType<typeof idempotencyClaim>> | undefined,
): Promise<EndorseResult> {
  const { row, state } =
    req.loaded && req.loaded.row.id === req.memberId
      ? req.loaded
      : await loadMember(deps, req.memberId);
  const tree = req.tree ?? (await loadTree(deps.db));
  if (req.expected && (req.expected.seq !== row.seq || req.expected.hd !== row.head)) {
    throw new StaleCredential(
      { seq: row.seq, credential: row.credential },
      missedSince(state, Math.min(req.expected.seq, row.seq), tree),
    );
  }
  const now = deps.now();
  // The letter states 党费已交到 from the dues record, whatever the request said.
  const intent =
    req.intent.kind === 'transfer_out'
      ? { ...req.intent, due: row.duesThrough ?? undefined }
      : req.intent;
  const decision = decide(state, intent, {
    tree,
    rules: deps.rules,
    now,
    iss: req.actor.org,
  });
  const claims = {
    sub: row.id,
    seq: state.seq + 1,
    prv: row.head,
    knd: decision.knd,
    iss: req.actor.org,
    act: req.actor.officer,
    iat: now,
    dat: decision.dat,
  } as EntryClaims;
  const signer = await signerFor(deps, req.actor.org, now);
  const entry = await signEntry(claims, signer);
  const next: MemberState = evolve(state, claims, entry.hash);
  const credential = await credentialFor(next, signer, now, row.duesThrough);
  const outcome = await writeOrStale(deps, row.seq, tree, {
    kind: 'append',
    expectedSeq: row.seq,
    entry,
    head: headOf(next, credential),
    ...(idempotency ? { idempotency } : {}),
  });
  if (outcome.replayed) return replayedResult(deps, outcome.memberId, outcome.seq);
  return { seq: claims.seq, hash: entry.hash, jws: entry.jws, credential, replayed: false };
}

/**
 * The conditional append; when another officer appended first (the head
 * moved between our read and our write), the loser is told what exists now,
 * as for a stale scan: 409 with the current credential and what changed.
 */
async function writeOrStale(
  deps: ServiceDeps,
  seenSeq: number,
  tree: OrgTree,
  op: Parameters<ReturnType<typeof writerOf>['write']>[0],
) {
  try {
    return await writerOf(deps).write(op);
  } catch (err) {
    if (!(err instanceof LedgerConflict) || err.reason === 'STALE_CREDENTIAL') throw err;
    const now = await loadMember(deps, op.entry.claims.sub).catch(() => undefined);
    if (!now || now.row.seq === seenSeq) throw err;
    throw new StaleCredential(
      { seq: now.row.seq, credential: now.row.credential },
      missedSince(now.state, seenSeq, tree),
    );
  }
}

async function idempotencyClaim(req: EndorseRequest) {
  const key = req.idempotencyKey!;
  if (!/^[\x21-\x7e]{1,200}$/.test(key))
    throw new InvalidInput(
      'idempotency_key',
      'idempotency key must be 1–200 printable ASCII characters',
    );
  const requestHash = b64u(
    await sha256(
      canonicalJson({ memberId: req.memberId, intent: req.intent, expected: req.expected }),
    ),
  );
  return { scope: `${req.actor.org}/${req.actor.officer}`, key, requestHash };
}

async function replayedResult(
  deps: ServiceDeps,
  memberId: string,
  seq: number,
): Promise<EndorseResult> {
  const entry = (await listEntries(deps.db, memberId)).find((e) => e.seq === seq)!;
  const row = (await getMember(deps.db, memberId))!;
  return { seq, hash: entry.hash, jws: entry.jws, credential: row.credential, replayed: true };
}
