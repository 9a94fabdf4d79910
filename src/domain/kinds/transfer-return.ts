/**
 * transfer_return (退回): the sender withdraws the transfer or the receiver
 * refuses it; either side (or a superior) signs. The member is back at the
 * origin, which stayed responsible throughout (条例 2019 art. 25).
 */
import { z } from 'zod';
import {
  MAX_REASON,
  optionalText,
  refuse,
  requireAuthority,
  withoutUndefined,
} from '../decide-checks.ts';
import type { MemberState } from '../ledger-types.ts';
import { reason } from './fields.ts';
import { defineEndorsement } from './spec.ts';

const intent = z.strictObject({ reason: reason.optional() });

const signers = (state: MemberState) => ({
  orgs: state.transfer ? [state.transfer.from, state.transfer.to] : [state.org],
});

export const transferReturn = defineEndorsement({
  kind: 'transfer_return',
  intent,
  label: 'kind_transfer_return',
  officers: 'committee',
  signers,
  decide(state, i, ctx) {
    const transfer = state.transfer;
    if (transfer === undefined)
      return refuse('NOT_IN_TRANSIT', 'the member has no transfer in transit');
    requireAuthority(ctx, signers(state).orgs, 'the return of this transfer');
    const why = optionalText(i.reason, 'dat.reason', MAX_REASON);
    return {
      knd: 'transfer_return',
      dat: withoutUndefined({ transfer: transfer.seq, reason: why }),
    };
  },
  evolve(next) {
    next.status = 'normal';
    delete next.transfer;
  },
});
