/** Deciders for 组织关系转接: 转出签注, 报到签注 and 退回. */
import { InvalidInput } from '../errors.ts';
import { isMonth } from './dues.ts';
import {
  MAX_REASON,
  optionalText,
  refuse,
  requireAuthority,
  requireOrg,
  withoutUndefined,
} from './decide-checks.ts';
import type { DecideContext, Decision, IntentOf, MemberState } from './ledger-types.ts';

const DAY = 86_400;

/**
 * transfer_out: from status normal only, one transfer at a time, not while a
 * 证明信 is out (it must be signed back at the org that issued it). Signed by
 * the member's org or a superior one: 条例 (2019) art. 25 lets a 基层党委
 * approve, or the member's own org act for it, optionally relayed through a
 * 工委 / 组织部. Validity defaults to rules.transferValidDays (local practice;
 * Beijing: 30 days in-city) and may not exceed rules.transferMaxValidDays
 * (Beijing: 90 days nationally).
 */
export function decideTransferOut(
  state: MemberState,
  intent: IntentOf<'transfer_out'>,
  ctx: DecideContext,
): Decision {
  requireAuthority(ctx, [state.org], 'a transfer out of this member’s organisation');
  if (state.status === 'in_transit')
    refuse('IN_TRANSIT', 'the member already has a transfer in transit');
  if (state.temp !== undefined) refuse('TEMP_OPEN', 'a 证明信 is still out: sign it back first');
  const to = requireOrg(ctx, intent.to, 'dat.to');
  if (to === state.org) refuse('SAME_ORG', 'a transfer must go to another organisation', 'dat.to');
  const validDays = intent.validDays ?? ctx.rules.transferValidDays;
  if (!Number.isInteger(validDays))
    throw new InvalidInput('dat.validDays', 'validity is a whole number of days');
  if (validDays < 1 || validDays > ctx.rules.transferMaxValidDays) {
    refuse(
      'VALIDITY_OUT_OF_RANGE',
      `validity must be 1-${ctx.rules.transferMaxValidDays} days`,
      'dat.validDays',
    );
  }
  const reason = optionalText(intent.reason, 'dat.reason', MAX_REASON);
  if (intent.due !== undefined && !isMonth(intent.due))
    throw new InvalidInput('dat.due', 'due (dues paid through) is YYYY-MM');
  const dat = {
    from: state.org,
    to,
    reason,
    validDays,
    deadline: ctx.now + validDays * DAY,
    due: intent.due,
  };
  return { knd: 'transfer_out', dat: withoutUndefined(dat) };
}

/**
 * arrival: the 报到签注, which is also the 回执 (组通字〔2006〕45号 notes).
 * Signed by the destination or a superior one. A late arrival is recorded
 * with how late it was and never refused: refusing would leave the member
 * nowhere, the 口袋党员 problem this ledger exists to end.
 */
export function decideArrival(
  state: MemberState,
  intent: IntentOf<'arrival'>,
  ctx: DecideContext,
): Decision {
  const transfer = state.transfer;
  if (transfer === undefined)
    return refuse('NOT_IN_TRANSIT', 'the member has no transfer in transit');
  if (intent.at !== undefined && intent.at !== transfer.to) {
    refuse(
      'WRONG_DESTINATION',
      `the transfer goes to ${transfer.to}, not ${String(intent.at)}`,
      'dat.at',
    );
  }
  requireAuthority(ctx, [transfer.to], 'the arrival');
  const late = ctx.now > transfer.deadline;
  const daysLate = late ? Math.ceil((ctx.now - transfer.deadline) / DAY) : 0;
  return { knd: 'arrival', dat: { at: transfer.to, transfer: transfer.seq, late, daysLate } };
}

/**
 * transfer_return (退回): the sender withdraws the transfer or the receiver
 * refuses it; either side (or a superior) signs. The member is back at the
 * origin, which stayed responsible throughout (条例 2019 art. 25).
 */
export function decideTransferReturn(
  state: MemberState,
  intent: IntentOf<'transfer_return'>,
  ctx: DecideContext,
): Decision {
  const transfer = state.transfer;
  if (transfer === undefined)
    return refuse('NOT_IN_TRANSIT', 'the member has no transfer in transit');
  requireAuthority(ctx, [transfer.from, transfer.to], 'the return of this transfer');
  const reason = optionalText(intent.reason, 'dat.reason', MAX_REASON);
  return { knd: 'transfer_return', dat: withoutUndefined({ transfer: transfer.seq, reason }) };
}
