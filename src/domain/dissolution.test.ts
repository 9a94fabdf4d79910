import { describe, expect, it } from 'vitest';
import { checkDissolution, DISSOLUTION_REASON, planDissolution } from './dissolution.ts';
import { evolve } from './evolve.ts';
import { validateLedger, type LedgerItem } from './ledger.ts';
import type { MemberState } from './ledger-types.ts';
import type { EntryClaims, OrgTree } from './types.ts';
import {
  DAY,
  ENROLL,
  RULES,
  STATES,
  T0,
  TREE,
  at,
  buildLedger,
  fakeHash,
} from '../../test/support/domain.ts';

// TREE: root → c1 → c1a → {b1, b2}; c1 → gb1 → b3 → g1; root → c2 → b4. b5 under c1a, dissolved.
const tree: OrgTree = new Map(TREE).set('b5', {
  id: 'b5',
  name: '已撤销党支部',
  type: 'branch',
  parent: 'c1a',
  dissolved: T0,
});
const reasonOf = (f: () => void): string => {
  try {
    f();
    return 'ok';
  } catch (err) {
    const e = err as { reason?: string; code?: string; field?: string };
    return `${e.reason ?? e.code} ${e.field}`;
  }
};

describe('checkDissolution', () => {
  it.each([
    ['b1 into its sibling b2', 'b1', 'b2', 'ok'],
    ['b1 into a 党小组 elsewhere', 'b1', 'g1', 'ok'],
    ['b1 into a branch under another 党委', 'b1', 'b4', 'ok'],
    ['b3, which has a live 党小组', 'b3', 'b1', 'ORG_HAS_CHILDREN id'],
    ['the root', 'root', 'b1', 'INVALID_INPUT id'],
    ['an org already dissolved', 'b5', 'b1', 'ORG_DISSOLVED id'],
    ['into a dissolved org', 'b1', 'b5', 'ORG_DISSOLVED destination'],
    ['into itself', 'b1', 'b1', 'DESTINATION_INSIDE destination'],
    ['gb1 into a branch under it (after its children went)', 'gb1', 'b3', 'ORG_HAS_CHILDREN id'],
    ['into a 党委 (no members are 编入 there)', 'b1', 'c2', 'DESTINATION_TYPE destination'],
    ['into a 党总支', 'b1', 'gb1', 'DESTINATION_TYPE destination'],
    ['into an unknown org', 'b1', 'nowhere', 'INVALID_INPUT destination'],
  ])('%s → %s', (_, org, destination, expected) => {
    expect(reasonOf(() => checkDissolution(tree, org, destination))).toBe(expected);
  });

  it('refuses a destination inside the subtree even where nesting would allow it', () => {
    // gb1 without live children, but with b3 (dissolved g1 aside) as the destination under it.
    const t: OrgTree = new Map(tree)
      .set('g1', { ...tree.get('g1')!, dissolved: T0 })
      .set('b3', { ...tree.get('b3')!, parent: 'c1' })
      .set('b6', { id: 'b6', name: '第六党支部', type: 'branch', parent: 'gb1', dissolved: T0 })
      .set('g2', { id: 'g2', name: '小组', type: 'group', parent: 'b6' });
    expect(reasonOf(() => checkDissolution(t, 'gb1', 'g2'))).toBe('DESTINATION_INSIDE destination');
  });
});

describe('planDissolution', () => {
  const ctx = { tree, rules: RULES, now: T0 + 40 * DAY, org: 'b1', destination: 'b2' };

  it('moves a member by a 转出签注 from the org and a 报到签注 at the destination, at once', () => {
    const built = buildLedger([at(0, 'b1', ENROLL)]);
    const state = built.state!;
    const { moves, blocked } = planDissolution([{ state, due: '2024-03' }], [], ctx);
    expect(blocked).toEqual([]);
    expect(moves).toHaveLength(1);
    const [out, arrival] = moves[0]!.entries;
    expect(out).toMatchObject({
      iss: 'b1',
      decision: {
        knd: 'transfer_out',
        dat: { from: 'b1', to: 'b2', reason: DISSOLUTION_REASON, due: '2024-03' },
      },
    });
    expect(arrival).toEqual({
      iss: 'b2',
      decision: { knd: 'arrival', dat: { at: 'b2', transfer: 2, late: false, daysLate: 0 } },
    });

    // Signed as planned, the ledger passes every rule again, and ends at b2, 正常.
    let s: MemberState = state;
    const items: LedgerItem[] = [...built.items];
    for (const { iss, decision } of moves[0]!.entries) {
      const claims = {
        sub: s.id,
        seq: s.seq + 1,
        prv: s.head,
        iss,
        act: 'officer-1',
        iat: ctx.now,
        ...decision,
      } as EntryClaims;
      items.push({ claims, hash: fakeHash(claims) });
      s = evolve(s, claims, fakeHash(claims));
    }
    expect(validateLedger(items, { tree, rules: RULES })).toBeUndefined();
    expect(s).toMatchObject({ org: 'b2', status: 'normal' });
  });

  it('names every member the ledger will not move, and those in transit to the org', () => {
    const incoming = STATES.inTransit(); // from b1 to b4; seen from b4 it is incoming
    const { moves, blocked } = planDissolution(
      [
        { state: { ...STATES.enrolled(), id: 'ok1' } },
        { state: { ...STATES.inTransit(), id: 'out1', name: '李四' } },
        { state: { ...STATES.stopped(), id: 'stop1' } },
        { state: { ...STATES.tempOut(), id: 'temp1' } },
      ],
      [{ ...incoming, id: 'in1' }],
      ctx,
    );
    expect(moves.map((m) => m.member)).toEqual(['ok1']);
    expect(blocked.map((b) => [b.member, b.reason])).toEqual([
      ['in1', 'INCOMING_IN_TRANSIT'],
      ['out1', 'IN_TRANSIT'],
      ['stop1', 'MEMBER_STOPPED'],
      ['temp1', 'TEMP_OPEN'],
    ]);
    expect(blocked.find((b) => b.member === 'out1')!.message).toContain('李四');
  });
});
