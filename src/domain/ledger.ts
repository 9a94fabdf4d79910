/**
 * A member's ledger as a pure state machine (decider pattern): `decide`
 * checks an intent and returns the entry body to sign, `evolve` applies a
 * signed entry, `replay` folds a ledger, and `validateLedger` re-runs every
 * rule over a ledger for offline verifiers.
 */
import { InvalidInput, PmcError, RuleViolation } from '../errors.ts';
import { decide } from './decide.ts';
import { checkLink, evolve } from './evolve.ts';
import { isEntryKind, KINDS, type Intent } from './kinds/index.ts';
import type { MemberState } from './ledger-types.ts';
import type { RuleReason } from './reasons.ts';
import type { Rules } from './rules.ts';
import type { EntryClaims, OrgTree } from './types.ts';

export { decide, isClosed } from './decide.ts';
export { checkLink, evolve } from './evolve.ts';

/** One entry as stored or carried in a bundle: its claims and its hash. */
export interface LedgerItem {
  claims: EntryClaims;
  hash: string;
}

/** Why `validateLedger` rejects an entry: a rule's reason, or the error code. */
export type LedgerFault = RuleReason | 'NOT_AUTHORISED' | 'INVALID_INPUT';

/** The first entry of a ledger that breaks a rule, as `validateLedger` reports it. */
export interface LedgerProblem {
  /** Position (1-based) of the entry; equal to its seq unless the seq itself is wrong. */
  seq: number;
  reason: LedgerFault;
  message: string;
  field?: string;
  error: PmcError;
}

/** The intent that would have produced a signed entry. */
export function intentOf(claims: EntryClaims): Intent {
  if (!isEntryKind(claims.knd)) {
    throw new InvalidInput('knd', `unknown entry kind ${String(claims.knd)}`);
  }
  const dat: unknown = claims.dat;
  if (typeof dat !== 'object' || dat === null)
    throw new InvalidInput('dat', 'an entry body is an object');
  // The fields of the body that an officer chose (the kind's intent schema); `decide` derives the others.
  const picked = Object.keys(KINDS[claims.knd].intent.shape)
    .filter((k) => (dat as Record<string, unknown>)[k] !== undefined)
    .map((k) => [k, (dat as Record<string, unknown>)[k]]);
  return { kind: claims.knd, ...Object.fromEntries(picked) } as Intent;
}

/**
 * Folds a ledger into the member's state: `replay(items).status`. Without a
 * context it trusts the bodies and checks only the chain; with one it checks
 * every rule too and throws the first violation. An empty ledger throws
 * RuleViolation NOT_ENROLLED.
 */
export function replay(
  entries: readonly LedgerItem[],
  ctx?: { tree: OrgTree; rules: Rules },
): MemberState {
  if (ctx !== undefined) {
    const problem = validateLedger(entries, ctx);
    if (problem !== undefined) throw problem.error;
  }
  const state = entries.reduce<MemberState | undefined>(
    (s, e) => evolve(s, e.claims, e.hash),
    undefined,
  );
  if (state === undefined) throw new RuleViolation('NOT_ENROLLED', 'the ledger is empty');
  return state;
}

/**
 * Re-runs `decide` for each entry at its own `iat` with its own `iss`, and
 * checks that the signed body is exactly what the rules derive (a deadline,
 * a lateness, an arrival's destination). Returns the first entry that breaks
 * a rule, or undefined when all hold:
 * `validateLedger(items, { tree, rules })` → `{ seq: 4, reason: 'WRONG_DESTINATION', … }`.
 * Judged against the tree given, so pass the tree as of the entries (an org
 * removed since would read as UNKNOWN_ORG).
 */
export function validateLedger(
  entries: readonly LedgerItem[],
  ctx: { tree: OrgTree; rules: Rules },
): LedgerProblem | undefined {
  let state: MemberState | undefined;
  for (const [i, { claims, hash }] of entries.entries()) {
    try {
      checkLink(state, claims);
      const decided = decide(state, intentOf(claims), { ...ctx, now: claims.iat, iss: claims.iss });
      if (!sameJson(decided.dat, claims.dat)) {
        throw new RuleViolation(
          'DAT_MISMATCH',
          `the signed body differs from the rules' ${JSON.stringify(decided.dat)}`,
          'dat',
        );
      }
      state = evolve(state, claims, hash);
    } catch (err) {
      if (!(err instanceof PmcError)) throw err;
      const problem: LedgerProblem = {
        seq: i + 1,
        reason: faultOf(err),
        message: `entry ${i + 1}: ${err.message}`,
        error: err,
      };
      if (err.field !== undefined) problem.field = err.field;
      return problem;
    }
  }
  return undefined;
}

function faultOf(err: PmcError): LedgerFault {
  if (err.code === 'RULE_VIOLATION' && err.reason !== undefined) return err.reason as RuleReason;
  return err.code === 'NOT_AUTHORISED' ? 'NOT_AUTHORISED' : 'INVALID_INPUT';
}

/** Equality of JSON values, ignoring key order and undefined members (as JSON.stringify does). */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keys = (o: object) =>
    Object.keys(o)
      .filter((k) => (o as Record<string, unknown>)[k] !== undefined)
      .sort();
  const [ka, kb] = [keys(a), keys(b)];
  return (
    ka.length === kb.length &&
    ka.every(
      (k, j) =>
        k === kb[j] &&
        sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
    )
  );
}
