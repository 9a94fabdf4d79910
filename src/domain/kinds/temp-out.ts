/**
 * temp_out (证明信开具): for an absence of at most rules.tempMaxMonths calendar
 * months (条例 2019 art. 25: 6); longer absences need a transfer. One at a
 * time, never while in transit. Signed by the member's org or above.
 */
import { z } from 'zod';
import { addMonths, todayOf } from '../dates.ts';
import {
  MAX_REASON,
  optionalText,
  refuse,
  requireAuthority,
  requireFutureDate,
  withoutUndefined,
} from '../decide-checks.ts';
import type { MemberState } from '../ledger-types.ts';
import { isoDate, MAX_PLACE, reason } from './fields.ts';
import { defineEndorsement } from './spec.ts';

const intent = z.strictObject({
  until: isoDate,
  to: z.string().max(MAX_PLACE).optional(),
  reason: reason.optional(),
});

const signers = (state: MemberState) => ({ orgs: [state.org] });

export const tempOut = defineEndorsement({
  kind: 'temp_out',
  intent,
  label: 'kind_temp_out',
  officers: 'clerk',
  signers,
  decide(state, i, ctx) {
    requireAuthority(ctx, signers(state).orgs, 'a 证明信 for this member');
    if (state.status === 'in_transit')
      refuse('IN_TRANSIT', 'no 证明信 while a transfer is in transit');
    if (state.temp !== undefined) refuse('TEMP_OPEN', 'a 证明信 is already out');
    const until = requireFutureDate(i.until, 'dat.until', ctx.now);
    const latest = addMonths(todayOf(ctx.now), ctx.rules.tempMaxMonths);
    if (until > latest) {
      refuse(
        'TEMP_TOO_LONG',
        `a 证明信 covers at most ${ctx.rules.tempMaxMonths} months, until ${latest}`,
        'dat.until',
      );
    }
    const to = optionalText(i.to, 'dat.to', MAX_PLACE);
    const why = optionalText(i.reason, 'dat.reason', MAX_REASON);
    return { knd: 'temp_out', dat: withoutUndefined({ until, to, reason: why }) };
  },
  evolve(next, dat, seq) {
    next.temp = { seq, until: dat.until };
  },
});
