/**
 * `evolve`: the event half of the decider pattern. Applies an entry that is
 * already signed, trusting its body (rules were checked when it was decided;
 * `validateLedger` re-checks them). It does check the links between entries,
 * since a fold over a mis-ordered or foreign entry would be meaningless.
 */
import { refuse } from './decide-checks.ts';
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
  const summary = { seq: e.seq, knd: e.knd, iss: e.iss, iat: e.iat };
  if (e.knd === 'enroll') {
    const { org, name, category, personnel, joined, fullOn } = e.dat;
    const fresh: MemberState = {
      ...{ id: e.sub, seq: 1, name, org, status: 'normal', category, personnel, joined },
      ...{ flows: [], entries: [summary], lateArrivals: 0 },
    };
    if (fullOn !== undefined) fresh.fullOn = fullOn;
    return withHead(fresh, hash);
  }
  const next: MemberState = { ...state!, seq: e.seq, entries: [...state!.entries, summary] };
  switch (e.knd) {
    case 'transfer_out':
      next.status = 'in_transit';
      next.transfer = { seq: e.seq, from: e.dat.from, to: e.dat.to, deadline: e.dat.deadline };
      break;
    case 'arrival':
      next.status = 'normal';
      next.org = e.dat.at;
      delete next.transfer;
      // Now a member of the host, so no longer a 流动党员 there.
      next.flows = next.flows.filter((f) => f.host !== e.dat.at);
      if (e.dat.late) next.lateArrivals += 1;
      break;
    case 'transfer_return':
      next.status = 'normal';
      delete next.transfer;
      break;
    case 'temp_out':
      next.temp = { seq: e.seq, until: e.dat.until };
      break;
    case 'temp_return':
      delete next.temp;
      break;
    case 'flow_register':
      next.flows = next.flows.filter((f) => f.host !== e.dat.host);
      if (e.dat.action === 'register') {
        const flow: MemberState['flows'][number] = { host: e.dat.host, seq: e.seq };
        if (e.dat.until !== undefined) flow.until = e.dat.until;
        next.flows.push(flow);
      }
      break;
    case 'status':
      applyStatus(next, e.dat);
      break;
    case 'correction':
      applyAmend(next, e.dat.amend);
      break;
  }
  return withHead(next, hash);
}

function applyStatus(next: MemberState, dat: EntryClaims<'status'>['dat']): void {
  if (dat.change === 'full_membership') {
    next.category = 'full';
    next.fullOn = dat.date;
    return;
  }
  // 出党 / 去世 close whatever is open: nothing is in transit or out any more.
  next.status = dat.change;
  delete next.transfer;
  delete next.temp;
  next.flows = [];
}

function applyAmend(next: MemberState, amend: EntryClaims<'correction'>['dat']['amend']): void {
  if (amend === undefined) return;
  if (amend.name !== undefined) next.name = amend.name;
  if (amend.personnel !== undefined) next.personnel = amend.personnel;
  if (amend.joined !== undefined) next.joined = amend.joined;
  if (amend.category !== undefined) {
    next.category = amend.category;
    // A 预备党员 has no full-membership date.
    if (amend.category === 'probationary') delete next.fullOn;
  }
}

function withHead(state: MemberState, hash: string | undefined): MemberState {
  if (hash === undefined) delete state.head;
  else state.head = hash;
  return state;
}
