/**
 * 党组织撤销 with members still in it: each member's 组织关系 is moved to a
 * destination the dissolving side names, before the org is dissolved.
 *
 * - 党章 art. 8: every member belongs to a 支部, 小组 or other specific
 *   organisation, so no member may be left at a dissolved org: each is moved
 *   first, and the destination must be a live 党支部 or 党小组 outside the
 *   dissolved subtree.
 * - 中国共产党支部工作条例（试行）(2018) art. 7: a 支部 that no longer meets
 *   the conditions is adjusted or dissolved by the 基层党委 above it — the
 *   officer holding orgs:manage over the org's parent, who must also hold it
 *   over the destination.
 * - The move is an ordinary internal transfer (DESIGN §3, 条例 2019 art. 25):
 *   a 转出签注 signed by the member's own org (still live until the moves are
 *   done), reason 党组织撤销, and the 报到签注 signed by the destination at
 *   the same time, so the member is never in transit and the sender's
 *   responsibility ends at once. Both go through `decide`: a member the
 *   ledger's rules would not let transfer (转出在途, 停止党籍, 证明信 not
 *   signed back) blocks the dissolution, named, rather than being skipped.
 * - Members in transit *to* the org block it too: their arrival or return
 *   must be signed first. Child orgs are not moved along: a live child blocks
 *   the dissolution (dissolve or move it first), so one dissolution never
 *   reshapes the tree below.
 */
import { InvalidInput, OrgRefused, PmcError } from '../errors.ts';
import { decide } from './decide.ts';
import { evolve } from './evolve.ts';
import type { Intent } from './kinds/index.ts';
import type { Decision, MemberState } from './ledger-types.ts';
import { ancestorsOf } from './org-tree.ts';
import type { RuleReason } from './reasons.ts';
import type { Rules } from './rules.ts';
import type { EntryClaims, NumericDate, OrgTree, OrgType } from './types.ts';

/** The transfer_out reason of a dissolution move, as the paper letter writes it. */
export const DISSOLUTION_REASON = '党组织撤销';

/** Where members can be 编入 (党章 art. 8): a 党支部 or a 党小组. */
export const MEMBER_HOLDING_TYPES: readonly OrgType[] = ['branch', 'group'];

/** Why one member cannot be moved: a ledger rule's reason, or the code of the error. */
export type BlockReason = RuleReason | 'NOT_AUTHORISED' | 'INVALID_INPUT';

export interface BlockedMember {
  member: string;
  name: string;
  reason: BlockReason;
  message: string;
}

/** One member's move: the entries to sign, in order, each with its signing org. */
export interface DissolutionMove {
  member: string;
  entries: { iss: string; decision: Decision }[];
}

export interface DissolutionContext {
  tree: OrgTree;
  rules: Rules;
  now: NumericDate;
  /** The org being dissolved. */
  org: string;
  destination: string;
}

/**
 * Checks the org can be dissolved into `destination`, members aside: a live,
 * non-root org without live children; a destination that exists, is live,
 * lies outside the org's subtree and can hold members. Throws OrgRefused
 * (ORG_HAS_CHILDREN, ORG_DISSOLVED, DESTINATION_INSIDE, DESTINATION_TYPE) or
 * InvalidInput naming the field (`id`, `destination`).
 * @example checkDissolution(tree, 'b9', 'b2')
 */
export function checkDissolution(tree: OrgTree, org: string, destination: string): void {
  const node = tree.get(org);
  if (node === undefined) throw new InvalidInput('id', `organisation ${org} does not exist`);
  if (node.parent === null) throw new InvalidInput('id', 'the root cannot be dissolved');
  if (node.dissolved !== undefined)
    throw new OrgRefused('ORG_DISSOLVED', 'id', `organisation ${org} is dissolved`);
  const children = [...tree.values()].filter((n) => n.parent === org && n.dissolved === undefined);
  if (children.length > 0)
    throw new OrgRefused(
      'ORG_HAS_CHILDREN',
      'id',
      `organisation ${org} still has child organisation(s) ${children.map((c) => c.id).join(', ')}: dissolve or move them first`,
    );
  const dest = tree.get(destination);
  if (dest === undefined)
    throw new InvalidInput('destination', `organisation ${destination} does not exist`);
  if (dest.dissolved !== undefined)
    throw new OrgRefused(
      'ORG_DISSOLVED',
      'destination',
      `organisation ${destination} is dissolved`,
    );
  if (destination === org || ancestorsOf(tree, destination).includes(org))
    throw new OrgRefused(
      'DESTINATION_INSIDE',
      'destination',
      `${destination} is ${org} itself or lies under it`,
    );
  if (!MEMBER_HOLDING_TYPES.includes(dest.type))
    throw new OrgRefused(
      'DESTINATION_TYPE',
      'destination',
      `members are moved to a 党支部 or 党小组, not a ${dest.type}`,
    );
}

/**
 * Decides every member's move, or says who blocks it. `members` are the org's
 * own (not left or deceased) with their 党费交至 month; `incoming` those in
 * transit to it. Nothing is refused halfway: the caller writes only when
 * `blocked` is empty.
 * @example planDissolution([{ state, due: '2026-11' }], [], { tree, rules, now, org: 'b9', destination: 'b2' })
 */
export function planDissolution(
  members: readonly { state: MemberState; due?: string }[],
  incoming: readonly MemberState[],
  ctx: DissolutionContext,
): { moves: DissolutionMove[]; blocked: BlockedMember[] } {
  const blocked: BlockedMember[] = incoming.map((s) => ({
    member: s.id,
    name: s.name,
    reason: 'INCOMING_IN_TRANSIT',
    message: `${s.name} (${s.id}) is in transit to ${ctx.org}: sign the arrival or the return first`,
  }));
  const moves: DissolutionMove[] = [];
  for (const { state, due } of members) {
    try {
      moves.push({ member: state.id, entries: moveOf(state, due, ctx) });
    } catch (err) {
      if (!(err instanceof PmcError)) throw err;
      blocked.push({
        member: state.id,
        name: state.name,
        reason: blockReasonOf(err),
        message: `${state.name} (${state.id}): ${err.message}`,
      });
    }
  }
  return { moves, blocked };
}

/** The 转出签注 by the member's org and the 报到签注 by the destination, both at `now`. */
function moveOf(state: MemberState, due: string | undefined, ctx: DissolutionContext) {
  const steps: { iss: string; intent: Intent }[] = [
    {
      iss: ctx.org,
      intent: {
        kind: 'transfer_out',
        to: ctx.destination,
        reason: DISSOLUTION_REASON,
        ...(due !== undefined ? { due } : {}),
      },
    },
    { iss: ctx.destination, intent: { kind: 'arrival' } },
  ];
  const entries: DissolutionMove['entries'] = [];
  let s = state;
  for (const { iss, intent } of steps) {
    const decision = decide(s, intent, { tree: ctx.tree, rules: ctx.rules, now: ctx.now, iss });
    entries.push({ iss, decision });
    // Provisional claims, only to decide the next step; the caller signs the real ones.
    const claims = { sub: s.id, seq: s.seq + 1, iss, act: '', iat: ctx.now, ...decision };
    s = evolve(s, (s.head === undefined ? claims : { ...claims, prv: s.head }) as EntryClaims);
  }
  return entries;
}

function blockReasonOf(err: PmcError): BlockReason {
  if (err.code === 'RULE_VIOLATION' && err.reason !== undefined) return err.reason as RuleReason;
  return err.code === 'NOT_AUTHORISED' ? 'NOT_AUTHORISED' : 'INVALID_INPUT';
}
