/**
 * `evolve`: the event half of the decider pattern. Applies an entry that is
 * already signed, trusting its body (rules were checked when it was decided;
 * `validateLedger` re-checks them). It does check the links between entries,
 * since a fold over a mis-ordered or foreign entry would be meaningless.
 */
import { refuse } from './decide-checks.ts';
import { endorseSpecOf, isEntryKind, KINDS } from './kinds/index.ts';
import type { AnyEntryClaims, MemberState } from './ledger-types.ts';
import type { EntryClaims } from './types.ts';

/**
 * Checks that `entry` continues `state`: same member, next seq, and `prv`
 * equal to the previous hash when that hash is known.
 */
export function checkLink(state: MemberState | undefined, entry: EntryClaims): void {
  const expected = (state?.seq ?? 0) + 1;
  if (entry.seq !== expected)
    refuse('BAD_SEQUENCE', `entry seq ${entry.seq} where ${expected} was expected`, 'seq');
  if (state === undefined) {
    if (entry.knd !== 'enroll') refuse('NOT_ENROLLED', 'a ledger starts with enroll', 'knd');
    if (entry.prv !== undefined)
      refuse('BROKEN_CHAIN', 'the first entry has no previous hash', 'prv');
    return;
  }
  if (entry.knd === 'enroll')
    refuse('ALREADY_ENROLLED', 'enroll appears after the first entry', 'knd');
  if (entry.sub !== state.id)
    refuse('WRONG_MEMBER', `entry about ${entry.sub} in the ledger of ${state.id}`, 'sub');
  if (state.head !== undefined && entry.prv !== state.head)
    refuse('BROKEN_CHAIN', 'prv is not the previous entry’s hash', 'prv');
}

/** Applies one signed entry: `evolve(undefined, enrollClaims, hash)` starts a member's state. */
export function evolve(
  state: MemberState | undefined,
  entry: EntryClaims,
  hash?: string,
): MemberState {
  checkLink(state, entry);
  const e = entry as AnyEntryClaims;
  if (e.knd === 'enroll') return withHead(KINDS.enroll.start(e), hash);
  if (!isEntryKind(e.knd)) refuse('BAD_SEQUENCE', `unknown entry kind ${String(e.knd)}`, 'knd');
  const summary = { seq: e.seq, knd: e.knd, iss: e.iss, iat: e.iat };
  const next: MemberState = { ...state!, seq: e.seq, entries: [...state!.entries, summary] };
  // Copies of what a kind's evolution changes in place, so the state given stays as it was.
  next.flows = [...next.flows];
  endorseSpecOf(e.knd).evolve(next, e.dat as never, e.seq);
  return withHead(next, hash);
}

function withHead(state: MemberState, hash: string | undefined): MemberState {
  if (hash === undefined) delete state.head;
  else state.head = hash;
  return state;
}
