/**
 * transfer_out (转出签注): from status normal only, one transfer at a time, not
 * while a 证明信 is out (it must be signed back at the org that issued it).
 * Signed by the member's org or a superior one: 条例 (2019) art. 25 lets a
 * 基层党委 approve, or the member's own org act for it, optionally relayed
 * through a 工委 / 组织部. Validity defaults to rules.transferValidDays (local
 * practice; Beijing: 30 days in-city) and may not exceed
 * rules.transferMaxValidDays (Beijing: 90 days nationally).
 */
import { z } from 'zod';
import { InvalidInput } from '../../errors.ts';
import { isMonth } from '../dues.ts';
import {
  optionalText,
  refuse,
  requireAuthority,
  requireOrg,
  withoutUndefined,
} from '../decide-checks.ts';
import type { MemberState } from '../ledger-types.ts';
import { MAX_REASON } from '../decide-checks.ts';
import { orgId, reason } from './fields.ts';
import { defineEndorsement } from './spec.ts';

const DAY = 86_400;

const intent = z.strictObject({
  to: orgId,
  reason: reason.optional(),
  validDays: z.number().int().optional(),
  /** 党费已交到 (`YYYY-MM`), stated on the letter: filled in by the service from the dues record. */
  due: z.string().optional(),
});

const signers = (state: MemberState) => ({ orgs: [state.org] });

export const transferOut = defineEndorsement({
  kind: 'transfer_out',
  intent,
  label: 'kind_transfer_out',
  officers: 'committee',
  approval: true,
  filled: ['due'],
  signers,
  decide(state, i, ctx) {
    requireAuthority(ctx, signers(state).orgs, 'a transfer out of this member’s organisation');
    if (state.status === 'in_transit')
      refuse('IN_TRANSIT', 'the member already has a transfer in transit');
    if (state.temp !== undefined) refuse('TEMP_OPEN', 'a 证明信 is still out: sign it back first');
    const to = requireOrg(ctx, i.to, 'dat.to');
    if (to === state.org)
      refuse('SAME_ORG', 'a transfer must go to another organisation', 'dat.to');
    // 撤销 ends an org: it takes no member from then on (党章 art. 8: every member belongs to a
    // live 支部 or 小组). Judged at the entry's time, so a transfer signed before stays valid.
    const dissolved = ctx.tree.get(to)!.dissolved;
    if (dissolved !== undefined && dissolved <= ctx.now)
      refuse('DESTINATION_DISSOLVED', `organisation ${to} is dissolved`, 'dat.to');
    const validDays = i.validDays ?? ctx.rules.transferValidDays;
    if (!Number.isInteger(validDays))
      throw new InvalidInput('dat.validDays', 'validity is a whole number of days');
    if (validDays < 1 || validDays > ctx.rules.transferMaxValidDays) {
      refuse(
        'VALIDITY_OUT_OF_RANGE',
        `validity must be 1-${ctx.rules.transferMaxValidDays} days`,
        'dat.validDays',
      );
    }
    const why = optionalText(i.reason, 'dat.reason', MAX_REASON);
    if (i.due !== undefined && !isMonth(i.due))
      throw new InvalidInput('dat.due', 'due (dues paid through) is YYYY-MM');
    const deadline = ctx.now + validDays * DAY;
    const dat = { from: state.org, to, reason: why, validDays, deadline, due: i.due };
    return { knd: 'transfer_out', dat: withoutUndefined(dat) };
  },
  evolve(next, dat, seq) {
    next.status = 'in_transit';
    next.transfer = { seq, from: dat.from, to: dat.to, deadline: dat.deadline };
  },
});
