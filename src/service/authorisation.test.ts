import { describe, expect, it } from 'vitest';
import type { OrgNode, OrgTree } from '../domain/types.ts';
import {
  ABILITIES,
  actingOrg,
  MATRIX,
  mayActOn,
  ROLES,
  subtreeOf,
  TOKEN_ABILITIES,
  type Principal,
  type Role,
} from './authorisation.ts';

const NODES: OrgNode[] = [
  { id: 'root', name: '组织部', type: 'root', parent: null },
  { id: 'c1', name: '党委', type: 'committee', parent: 'root' },
  { id: 'gb', name: '党总支', type: 'general_branch', parent: 'c1' },
  { id: 'b1', name: '支部一', type: 'branch', parent: 'gb' },
  { id: 'b2', name: '支部二', type: 'branch', parent: 'c1' },
  { id: 'c2', name: '另一党委', type: 'committee', parent: 'root' },
];
const tree: OrgTree = new Map(NODES.map((n) => [n.id, n]));
const officer = (...roles: [string, Role][]): Principal => ({
  kind: 'officer',
  accountId: 'a',
  username: 'u',
  displayName: 'u',
  sessionId: 's',
  roles: roles.map(([org, role]) => ({ org, role })),
});

describe('the authorisation matrix', () => {
  it('covers every ability, and tokens get only token abilities', () => {
    expect(Object.keys(MATRIX).sort()).toEqual([...ABILITIES].sort());
    for (const a of ABILITIES)
      expect(MATRIX[a].token === true, a).toBe((TOKEN_ABILITIES as readonly string[]).includes(a));
    for (const a of ABILITIES) for (const r of MATRIX[a].roles) expect(ROLES).toContain(r);
  });

  it('a clerk never signs a transfer or a status change; a viewer signs nothing', () => {
    for (const a of ABILITIES.filter((x) => x.startsWith('endorse:')))
      expect(MATRIX[a].roles.includes('viewer'), a).toBe(false);
    for (const a of [
      'endorse:transfer_out',
      'endorse:arrival',
      'endorse:transfer_return',
      'endorse:status',
    ] as const)
      expect(MATRIX[a].roles).not.toContain('clerk');
  });

  it('acts over the subtree only', () => {
    expect(subtreeOf(tree, ['gb']).sort()).toEqual(['b1', 'gb']);
    expect(mayActOn(tree, officer(['gb', 'viewer']), 'member:read', ['b1'])).toBe(true);
    expect(mayActOn(tree, officer(['gb', 'viewer']), 'member:read', ['b2'])).toBe(false);
    expect(mayActOn(tree, officer(['b1', 'secretary']), 'member:read', ['gb'])).toBe(false);
  });

  it('transfer_out: the member’s own org or a 党委 (审批权), never a 党总支 above it', () => {
    expect(actingOrg(tree, officer(['c1', 'organizer']), 'endorse:transfer_out', ['b1'])).toBe(
      'c1',
    );
    expect(
      actingOrg(tree, officer(['gb', 'secretary']), 'endorse:transfer_out', ['b1'], 'gb'),
    ).toBeUndefined();
    expect(actingOrg(tree, officer(['gb', 'secretary']), 'endorse:transfer_out', ['b1'])).toBe(
      'b1',
    );
    expect(
      actingOrg(tree, officer(['c1', 'secretary']), 'endorse:transfer_out', ['b1'], 'gb'),
    ).toBeUndefined();
    expect(
      actingOrg(tree, officer(['c1', 'secretary']), 'endorse:transfer_out', ['b1'], 'b1'),
    ).toBe('b1');
    expect(
      actingOrg(tree, officer(['c1', 'clerk']), 'endorse:transfer_out', ['b1']),
    ).toBeUndefined();
  });

  it('picks the officer’s org nearest the member when they hold several; `as` must be inside their subtree', () => {
    expect(
      actingOrg(tree, officer(['c1', 'secretary'], ['gb', 'secretary']), 'endorse:temp_out', [
        'b1',
      ]),
    ).toBe('gb');
    expect(
      actingOrg(tree, officer(['gb', 'secretary']), 'endorse:temp_out', ['b1'], 'c1'),
    ).toBeUndefined();
    expect(
      actingOrg(tree, officer(['gb', 'secretary']), 'endorse:temp_out', ['b2']),
    ).toBeUndefined();
    expect(
      actingOrg(tree, officer(['c1', 'secretary']), 'endorse:temp_out', ['b1'], 'nowhere'),
    ).toBeUndefined();
  });

  it('the audit trail is for upper committees', () => {
    expect(mayActOn(tree, officer(['c1', 'secretary']), 'audit:read', ['b1'])).toBe(true);
    expect(mayActOn(tree, officer(['gb', 'secretary']), 'audit:read', ['gb'])).toBe(false);
    expect(mayActOn(tree, officer(['c1', 'clerk']), 'audit:read', ['c1'])).toBe(false);
  });

  it('members and tokens', () => {
    const member: Principal = {
      kind: 'member',
      accountId: 'a',
      username: 'm',
      displayName: 'm',
      memberId: 'x',
      sessionId: 's',
    };
    const token: Principal = {
      kind: 'token',
      tokenId: 't',
      name: 'hr',
      org: 'c1',
      abilities: ['hr:moves'],
    };
    expect(mayActOn(tree, member, 'member:read', ['b1'])).toBe(false);
    expect(mayActOn(tree, token, 'hr:moves', ['b2'])).toBe(true);
    expect(mayActOn(tree, token, 'hr:moves', ['c2'])).toBe(false);
    expect(mayActOn(tree, token, 'member:read', ['b2'])).toBe(false);
    expect(actingOrg(tree, token, 'endorse:temp_out', ['b2'])).toBeUndefined();
  });
});
