/** Deciders for membership itself: 入党登记, 党籍状态变更 and 更正. */
import { InvalidInput } from '../errors.ts';
import {
  MAX_REASON,
  optionalText,
  refuse,
  requireAuthority,
  requireOneOf,
  requireOrg,
  requirePastDate,
  requireText,
  withoutUndefined,
} from './decide-checks.ts';
import type { DecideContext, Decision, IntentOf, MemberState } from './ledger-types.ts';
import { CATEGORIES, PERSONNEL, type EntryBodies } from './types.ts';

const MAX_NAME = 50;
const STATUS_CHANGES = ['full_membership', 'left', 'deceased'] as const;

/** enroll: the first entry; signed by the member's org or a superior one. */
export function decideEnroll(intent: IntentOf<'enroll'>, ctx: DecideContext): Decision {
  const org = requireOrg(ctx, intent.org, 'dat.org');
  requireAuthority(ctx, [org], 'an enrolment');
  const category = requireOneOf(intent.category, CATEGORIES, 'dat.category');
  const joined = requirePastDate(intent.joined, 'dat.joined', ctx.now);
  let fullOn: string | undefined;
  if (intent.fullOn !== undefined) {
    if (category !== 'full')
      throw new InvalidInput(
        'dat.fullOn',
        'only a full member (正式党员) has a full-membership date',
      );
    fullOn = requirePastDate(intent.fullOn, 'dat.fullOn', ctx.now);
    if (fullOn < joined)
      refuse(
        'DATE_BEFORE_JOINED',
        `full membership ${fullOn} precedes joining ${joined}`,
        'dat.fullOn',
      );
  }
  const dat: EntryBodies['enroll'] = {
    org,
    name: requireText(intent.name, 'dat.name', MAX_NAME),
    category,
    personnel: requireOneOf(intent.personnel, PERSONNEL, 'dat.personnel'),
    joined,
    fullOn,
  };
  return { knd: 'enroll', dat: withoutUndefined(dat) };
}

/**
 * status: 转正 (a 预备党员 becomes 正式, not while in transit: the receiving
 * branch decides it after arrival), 出党 or 去世, which close the ledger.
 * Signed by the member's org or a superior one: the sender stays responsible
 * until the arrival is signed (条例 2019 art. 25).
 */
export function decideStatus(
  state: MemberState,
  intent: IntentOf<'status'>,
  ctx: DecideContext,
): Decision {
  requireAuthority(ctx, [state.org], 'a status change for this member');
  const change = requireOneOf(intent.change, STATUS_CHANGES, 'dat.change');
  const date = requirePastDate(intent.date, 'dat.date', ctx.now);
  if (date < state.joined)
    refuse('DATE_BEFORE_JOINED', `${date} precedes joining ${state.joined}`, 'dat.date');
  if (change === 'full_membership') {
    if (state.category !== 'probationary')
      refuse('NOT_PROBATIONARY', 'only a 预备党员 can become a full member', 'dat.change');
    if (state.status === 'in_transit')
      refuse('IN_TRANSIT', 'full membership waits until the transfer arrives', 'dat.change');
  }
  const reason = optionalText(intent.reason, 'dat.reason', MAX_REASON);
  return { knd: 'status', dat: withoutUndefined({ change, date, reason }) };
}

/**
 * correction: allowed at any time, even after 出党 / 去世, since nothing is
 * deleted and mistakes must stay fixable. Signed by the member's org, or by
 * the org that signed the entry being corrected (or a superior of either).
 */
export function decideCorrection(
  state: MemberState,
  intent: IntentOf<'correction'>,
  ctx: DecideContext,
): Decision {
  const { refers } = intent;
  if (!Number.isInteger(refers) || refers < 1 || refers > state.seq) {
    refuse(
      'BAD_REFERENCE',
      `a correction must refer to an existing entry 1..${state.seq}`,
      'dat.refers',
    );
  }
  const referred = state.entries.find((e) => e.seq === refers);
  requireAuthority(
    ctx,
    referred === undefined ? [state.org] : [state.org, referred.iss],
    'this correction',
  );
  const reason = requireText(intent.reason, 'dat.reason', MAX_REASON);
  const amend = intent.amend === undefined ? undefined : checkAmend(intent.amend, ctx);
  return { knd: 'correction', dat: withoutUndefined({ refers, reason, amend }) };
}

type Amend = NonNullable<EntryBodies['correction']['amend']>;

function checkAmend(amend: Amend, ctx: DecideContext): Amend {
  if (typeof amend !== 'object' || amend === null)
    throw new InvalidInput('dat.amend', 'an amendment is an object');
  const out = withoutUndefined({
    name:
      amend.name === undefined ? undefined : requireText(amend.name, 'dat.amend.name', MAX_NAME),
    category:
      amend.category === undefined
        ? undefined
        : requireOneOf(amend.category, CATEGORIES, 'dat.amend.category'),
    personnel:
      amend.personnel === undefined
        ? undefined
        : requireOneOf(amend.personnel, PERSONNEL, 'dat.amend.personnel'),
    joined:
      amend.joined === undefined
        ? undefined
        : requirePastDate(amend.joined, 'dat.amend.joined', ctx.now),
  });
  if (Object.keys(out).length === 0) {
    throw new InvalidInput(
      'dat.amend',
      'an amendment changes at least one of name, category, personnel, joined',
    );
  }
  return out;
}
