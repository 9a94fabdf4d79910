/** Deciders for absences without a transfer: 党员证明信 and 流动党员 registration. */
import { InvalidInput } from '../errors.ts';
import { addMonths, todayOf } from './dates.ts';
import {
  MAX_REASON,
  optionalText,
  refuse,
  requireAuthority,
  requireFutureDate,
  requireOneOf,
  requireOrg,
  withoutUndefined,
} from './decide-checks.ts';
import type { DecideContext, Decision, IntentOf, MemberState } from './ledger-types.ts';

const MAX_PLACE = 100;

/**
 * temp_out (证明信开具): for an absence of at most rules.tempMaxMonths
 * calendar months (条例 2019 art. 25: 6); longer absences need a transfer.
 * One at a time, never while in transit. Signed by the member's org or above.
 */
export function decideTempOut(
  state: MemberState,
  intent: IntentOf<'temp_out'>,
  ctx: DecideContext,
): Decision {
  requireAuthority(ctx, [state.org], 'a 证明信 for this member');
  if (state.status === 'in_transit')
    refuse('IN_TRANSIT', 'no 证明信 while a transfer is in transit');
  if (state.temp !== undefined) refuse('TEMP_OPEN', 'a 证明信 is already out');
  const until = requireFutureDate(intent.until, 'dat.until', ctx.now);
  const latest = addMonths(todayOf(ctx.now), ctx.rules.tempMaxMonths);
  if (until > latest) {
    refuse(
      'TEMP_TOO_LONG',
      `a 证明信 covers at most ${ctx.rules.tempMaxMonths} months, until ${latest}`,
      'dat.until',
    );
  }
  const to = optionalText(intent.to, 'dat.to', MAX_PLACE);
  const reason = optionalText(intent.reason, 'dat.reason', MAX_REASON);
  return { knd: 'temp_out', dat: withoutUndefined({ until, to, reason }) };
}

/** temp_return (证明信签回): closes the open 证明信, late when signed back after `until`. */
export function decideTempReturn(
  state: MemberState,
  _intent: IntentOf<'temp_return'>,
  ctx: DecideContext,
): Decision {
  requireAuthority(ctx, [state.org], 'the return of this member’s 证明信');
  const temp = state.temp;
  if (temp === undefined) return refuse('NO_OPEN_TEMP', 'the member has no 证明信 out');
  return { knd: 'temp_return', dat: { temp: temp.seq, late: todayOf(ctx.now) > temp.until } };
}

/**
 * flow_register (流动党员登记 / 注销): the member joins the host's activities
 * without a transfer (2006 流动党员活动证 rules). Signed by the host or the
 * member's org, or a superior of either.
 */
export function decideFlow(
  state: MemberState,
  intent: IntentOf<'flow_register'>,
  ctx: DecideContext,
): Decision {
  const action = requireOneOf(intent.action, ['register', 'cancel'] as const, 'dat.action');
  if (typeof intent.host !== 'string')
    throw new InvalidInput('dat.host', 'the host is an organisation id');
  const host = action === 'register' ? requireOrg(ctx, intent.host, 'dat.host') : intent.host;
  requireAuthority(ctx, [host, state.org], 'this 流动党员 registration');
  const registered = state.flows.some((f) => f.host === host);
  if (action === 'cancel') {
    if (!registered)
      refuse('NOT_REGISTERED', `the member is not registered at ${host}`, 'dat.host');
    if (intent.until !== undefined)
      throw new InvalidInput('dat.until', 'a cancellation has no end date');
    return { knd: 'flow_register', dat: { action, host } };
  }
  if (host === state.org)
    refuse('SAME_ORG', 'a member is not a 流动党员 at their own organisation', 'dat.host');
  if (registered)
    refuse('ALREADY_REGISTERED', `the member is already registered at ${host}`, 'dat.host');
  const until =
    intent.until === undefined ? undefined : requireFutureDate(intent.until, 'dat.until', ctx.now);
  return { knd: 'flow_register', dat: withoutUndefined({ action, host, until }) };
}
