/**
 * arrival (报到签注), which is also the 回执 (组通字〔2006〕45号 notes). Signed
 * by the destination or a superior one. A late arrival is recorded with how
 * late it was and never refused: refusing would leave the member nowhere, the
 * 口袋党员 problem this ledger exists to end.
 */
import { z } from 'zod';
import { refuse, requireAuthority } from '../decide-checks.ts';
import type { MemberState } from '../ledger-types.ts';
import { orgId } from './fields.ts';
import { defineEndorsement } from './spec.ts';

const DAY = 86_400;

const intent = z.strictObject({ at: orgId.optional() });

// Without an open transfer decide refuses first; the member's org stands in for the route.
const signers = (state: MemberState) => ({ orgs: [state.transfer?.to ?? state.org] });

export const arrival = defineEndorsement({
  kind: 'arrival',
  intent,
  label: 'kind_arrival',
  officers: 'committee',
  signers,
  decide(state, i, ctx) {
    const transfer = state.transfer;
    if (transfer === undefined)
      return refuse('NOT_IN_TRANSIT', 'the member has no transfer in transit');
    if (i.at !== undefined && i.at !== transfer.to) {
      refuse(
        'WRONG_DESTINATION',
        `the transfer goes to ${transfer.to}, not ${String(i.at)}`,
        'dat.at',
      );
    }
    requireAuthority(ctx, signers(state).orgs, 'the arrival');
    const late = ctx.now > transfer.deadline;
    const daysLate = late ? Math.ceil((ctx.now - transfer.deadline) / DAY) : 0;
    return { knd: 'arrival', dat: { at: transfer.to, transfer: transfer.seq, late, daysLate } };
  },
  evolve(next, dat) {
    next.status = 'normal';
    next.org = dat.at;
    delete next.transfer;
    // Now a member of the host, so no longer a 流动党员 there.
    next.flows = next.flows.filter((f) => f.host !== dat.at);
    if (dat.late) next.lateArrivals += 1;
  },
});
