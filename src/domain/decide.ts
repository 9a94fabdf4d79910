/**
 * `decide`: the command half of the ledger's decider pattern. Given the state
 * folded so far and what an officer asks for, it either refuses (throwing
 * RuleViolation / NotAuthorised / InvalidInput) or returns the exact entry
 * body to sign. It reads no clock: `ctx.now` becomes the entry's `iat`. The
 * per-kind rules live in the registry (./kinds/).
 */
import { InvalidInput } from '../errors.ts';
import { refuse } from './decide-checks.ts';
import { endorseSpecOf, isEntryKind, KINDS, type Intent } from './kinds/index.ts';
import type { DecideContext, Decision, MemberState } from './ledger-types.ts';

/** 出党 and 去世 end the ledger: afterwards only corrections are signed. */
export function isClosed(state: MemberState): boolean {
  return state.status === 'left' || state.status === 'deceased';
}

/**
 * Decides an officer's intent against a member's state, e.g.
 * `decide(state, { kind: 'transfer_out', to: 'b-2' }, { tree, rules, now, iss: 'b-1' })`
 * → `{ knd: 'transfer_out', dat: { from: 'b-1', to: 'b-2', validDays: 30, deadline: now + 30 * 86400 } }`.
 */
export function decide(
  state: MemberState | undefined,
  intent: Intent,
  ctx: DecideContext,
): Decision {
  if (typeof ctx.now !== 'number' || !Number.isFinite(ctx.now))
    throw new InvalidInput('iat', 'the entry time must be a number');
  if (typeof ctx.iss !== 'string')
    throw new InvalidInput('iss', 'the signing organisation is an id');
  if (!isEntryKind(intent.kind))
    throw new InvalidInput('kind', `unknown entry kind ${String(intent.kind)}`);
  if (intent.kind === 'enroll') {
    if (state !== undefined) refuse('ALREADY_ENROLLED', 'the member already has a ledger');
    return KINDS.enroll.decide(intent, ctx);
  }
  if (state === undefined) return refuse('NOT_ENROLLED', 'the member has no ledger: enroll first');
  const last = state.entries.at(-1);
  // Entries are dated in order, so no one can slip in an arrival "before the deadline" afterwards.
  if (last !== undefined && ctx.now < last.iat) {
    refuse('TIME_REVERSED', 'an entry cannot be dated before the previous one', 'iat');
  }
  if (intent.kind !== 'correction' && isClosed(state)) {
    refuse('MEMBER_CLOSED', `the member's status is ${state.status}: only corrections can follow`);
  }
  // 停止党籍 (党员教育管理工作条例 art. 24): no transfer, 证明信 or 流动 registration; the status
  // kind itself decides which changes may follow (恢复党籍, 除名, 去世).
  if (state.status === 'stopped' && intent.kind !== 'correction' && intent.kind !== 'status') {
    refuse(
      'MEMBER_STOPPED',
      `the membership is stopped since ${state.stoppedOn}: restore it first`,
    );
  }
  return endorseSpecOf(intent.kind).decide(state, intent, ctx) as Decision;
}
