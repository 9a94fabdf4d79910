/**
 * status (党籍状态变更): 转正 (a 预备党员 becomes 正式, not while in transit:
 * the receiving branch decides it after arrival), 出党 or 去世, which close
 * the ledger. Signed by the member's org or a superior one: the sender stays
 * responsible until the arrival is signed (条例 2019 art. 25).
 */
import { z } from 'zod';
import {
  MAX_REASON,
  optionalText,
  refuse,
  requireAuthority,
  requireOneOf,
  requirePastDate,
  withoutUndefined,
} from '../decide-checks.ts';
import type { MemberState } from '../ledger-types.ts';
import { isoDate, reason } from './fields.ts';
import { defineEndorsement } from './spec.ts';

const CHANGES = ['full_membership', 'left', 'deceased'] as const;

const intent = z.strictObject({
  change: z.enum(CHANGES),
  date: isoDate,
  reason: reason.optional(),
});

const signers = (state: MemberState) => ({ orgs: [state.org] });

export const status = defineEndorsement({
  kind: 'status',
  intent,
  label: 'kind_status',
  officers: 'committee',
  signers,
  decide(state, i, ctx) {
    requireAuthority(ctx, signers(state).orgs, 'a status change for this member');
    const change = requireOneOf(i.change, CHANGES, 'dat.change');
    const date = requirePastDate(i.date, 'dat.date', ctx.now);
    if (date < state.joined)
      refuse('DATE_BEFORE_JOINED', `${date} precedes joining ${state.joined}`, 'dat.date');
    if (change === 'full_membership') {
      if (state.category !== 'probationary')
        refuse('NOT_PROBATIONARY', 'only a 预备党员 can become a full member', 'dat.change');
      if (state.status === 'in_transit')
        refuse('IN_TRANSIT', 'full membership waits until the transfer arrives', 'dat.change');
    }
    const why = optionalText(i.reason, 'dat.reason', MAX_REASON);
    return { knd: 'status', dat: withoutUndefined({ change, date, reason: why }) };
  },
  evolve(next, dat) {
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
  },
});
