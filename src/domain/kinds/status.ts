/**
 * status (党籍状态变更): 转正 (a 预备党员 becomes 正式, not while in transit:
 * the receiving branch decides it after arrival), 停止党籍 and 恢复党籍, 出党 or
 * 去世, which close the ledger. Signed by the member's org or a superior one:
 * the sender stays responsible until the arrival is signed (条例 2019 art. 25).
 *
 * 停止党籍 (党员教育管理工作条例 2019 art. 24): a member out of contact for 6
 * months or more whom the Party organisation could not find by any means, or
 * settled abroad / studying abroad over 5 years, decided by the member's branch
 * or a superior org, with its ground. It is no closing: the member is no longer
 * counted (统计) and pays no dues, no transfer, 证明信 or 转正 is signed, and the
 * ledger waits for 恢复党籍 (by the prescribed procedure, with its ground), for
 * 除名 as 自行脱党 (`left`, due after 2 years, see `stoppedTooLong` in alerts)
 * or for 去世.
 */
import { z } from 'zod';
import {
  MAX_REASON,
  optionalText,
  refuse,
  requireAuthority,
  requireOneOf,
  requirePastDate,
  requireText,
  withoutUndefined,
} from '../decide-checks.ts';
import type { MemberState } from '../ledger-types.ts';
import { STATUS_CHANGES } from '../types.ts';
import { isoDate, reason } from './fields.ts';
import { defineEndorsement } from './spec.ts';

const intent = z.strictObject({
  change: z.enum(STATUS_CHANGES),
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
    const change = requireOneOf(i.change, STATUS_CHANGES, 'dat.change');
    const date = requirePastDate(i.date, 'dat.date', ctx.now);
    if (date < state.joined)
      refuse('DATE_BEFORE_JOINED', `${date} precedes joining ${state.joined}`, 'dat.date');
    const stopped = state.status === 'stopped';
    if (change === 'full_membership') {
      if (state.category !== 'probationary')
        refuse('NOT_PROBATIONARY', 'only a 预备党员 can become a full member', 'dat.change');
      if (state.status === 'in_transit')
        refuse('IN_TRANSIT', 'full membership waits until the transfer arrives', 'dat.change');
      if (stopped) refuse('MEMBER_STOPPED', 'the membership is stopped: restore it first');
    }
    if (change === 'stopped') {
      if (stopped) refuse('MEMBER_STOPPED', `the membership is stopped since ${state.stoppedOn}`);
      // The origin stays responsible for a member in transit (条例 art. 25): it takes the
      // transfer back (transfer_return) before it stops the membership.
      if (state.status === 'in_transit')
        refuse('IN_TRANSIT', 'take the open transfer back before stopping the membership');
    }
    if (change === 'restored') {
      if (!stopped) refuse('NOT_STOPPED', `the member's status is ${state.status}, not stopped`);
      if (state.stoppedOn !== undefined && date < state.stoppedOn)
        refuse('DATE_BEFORE_JOINED', `${date} precedes the stop on ${state.stoppedOn}`, 'dat.date');
    }
    // Stopping and restoring a membership each need their ground on record.
    const why =
      change === 'stopped' || change === 'restored'
        ? requireText(i.reason, 'dat.reason', MAX_REASON)
        : optionalText(i.reason, 'dat.reason', MAX_REASON);
    return { knd: 'status', dat: withoutUndefined({ change, date, reason: why }) };
  },
  evolve(next, dat) {
    switch (dat.change) {
      case 'full_membership':
        next.category = 'full';
        next.fullOn = dat.date;
        return;
      case 'restored':
        next.status = 'normal';
        delete next.stoppedOn;
        return;
      case 'stopped':
        next.stoppedOn = dat.date;
        break;
      default:
        delete next.stoppedOn;
    }
    // 停止党籍, 出党 and 去世 close whatever is open: nothing is in transit or out any more.
    next.status = dat.change;
    delete next.transfer;
    delete next.temp;
    next.flows = [];
  },
});
