import { describe, expect, it } from 'vitest';
import { InvalidInput } from '../errors.ts';
import { ancestorsOf, isAncestorOrSelf, validateNewOrg } from './org-tree.ts';
import { TREE } from '../../test/support/domain.ts';
import type { OrgNode, OrgTree } from './types.ts';

const treeOf = (nodes: OrgNode[]): OrgTree => new Map(nodes.map((n) => [n.id, n]));

describe('ancestorsOf', () => {
  it('lists ancestors nearest first, self excluded', () => {
    expect(ancestorsOf(TREE, 'g1')).toEqual(['b3', 'gb1', 'c1', 'root']);
    expect(ancestorsOf(TREE, 'b1')).toEqual(['c1a', 'c1', 'root']);
    expect(ancestorsOf(TREE, 'root')).toEqual([]);
    expect(ancestorsOf(TREE, 'nowhere')).toEqual([]);
  });

  it('throws on a cycle', () => {
    const cyclic = treeOf([
      { id: 'a', name: 'A', type: 'committee', parent: 'b' },
      { id: 'b', name: 'B', type: 'committee', parent: 'a' },
    ]);
    expect(() => ancestorsOf(cyclic, 'a')).toThrow(/cycle/);
    const selfParent = treeOf([{ id: 'a', name: 'A', type: 'committee', parent: 'a' }]);
    expect(() => ancestorsOf(selfParent, 'a')).toThrow(InvalidInput);
  });

  it('throws on a missing parent', () => {
    const broken = treeOf([{ id: 'a', name: 'A', type: 'branch', parent: 'gone' }]);
    expect(() => ancestorsOf(broken, 'a')).toThrow(/missing parent gone/);
  });
});

describe('isAncestorOrSelf', () => {
  it.each([
    ['b1', 'b1', true],
    ['c1a', 'b1', true],
    ['root', 'g1', true],
    ['b1', 'c1a', false],
    ['b2', 'b1', false],
    ['c2', 'b1', false],
    ['root', 'nowhere', false],
    ['nowhere', 'nowhere', false],
  ])('%s over %s → %s', (a, id, out) => expect(isAncestorOrSelf(TREE, a, id)).toBe(out));
});

describe('validateNewOrg', () => {
  const field = (org: OrgNode, tree: OrgTree = TREE): string => {
    try {
      validateNewOrg(tree, org);
      return 'ok';
    } catch (err) {
      expect(err).toBeInstanceOf(InvalidInput);
      return (err as InvalidInput).field!;
    }
  };

  it('returns the node with a trimmed name', () => {
    expect(
      validateNewOrg(TREE, { id: 'b-7', name: ' 第七党支部 ', type: 'branch', parent: 'c1a' }),
    ).toEqual({
      id: 'b-7',
      name: '第七党支部',
      type: 'branch',
      parent: 'c1a',
    });
  });

  it.each<[string, OrgNode, string]>([
    ['a branch under a committee', { id: 'b9', name: 'x', type: 'branch', parent: 'c2' }, 'ok'],
    [
      'a committee under a committee (党委 under 党委)',
      { id: 'c9', name: 'x', type: 'committee', parent: 'c1' },
      'ok',
    ],
    ['a group under a branch', { id: 'g9', name: 'x', type: 'group', parent: 'b1' }, 'ok'],
    [
      'a branch directly under the root',
      { id: 'b9', name: 'x', type: 'branch', parent: 'root' },
      'ok',
    ],
    ['32-character id', { id: 'a'.repeat(32), name: 'x', type: 'branch', parent: 'c2' }, 'ok'],
    ['33-character id', { id: 'a'.repeat(33), name: 'x', type: 'branch', parent: 'c2' }, 'id'],
    ['empty id', { id: '', name: 'x', type: 'branch', parent: 'c2' }, 'id'],
    ['upper-case id', { id: 'B9', name: 'x', type: 'branch', parent: 'c2' }, 'id'],
    ['id starting with -', { id: '-b9', name: 'x', type: 'branch', parent: 'c2' }, 'id'],
    ['existing id', { id: 'b1', name: 'x', type: 'branch', parent: 'c2' }, 'id'],
    ['blank name', { id: 'b9', name: '  ', type: 'branch', parent: 'c2' }, 'name'],
    ['unknown type', { id: 'b9', name: 'x', type: 'cell' as 'branch', parent: 'c2' }, 'type'],
    ['missing parent', { id: 'b9', name: 'x', type: 'branch', parent: 'nowhere' }, 'parent'],
    ['no parent', { id: 'b9', name: 'x', type: 'branch', parent: null }, 'parent'],
    ['a second root', { id: 'r2', name: 'x', type: 'root', parent: null }, 'type'],
    ['a root with a parent', { id: 'r2', name: 'x', type: 'root', parent: 'c1' }, 'parent'],
    [
      'a committee under a branch',
      { id: 'c9', name: 'x', type: 'committee', parent: 'b1' },
      'parent',
    ],
    ['a branch under a branch', { id: 'b9', name: 'x', type: 'branch', parent: 'b1' }, 'parent'],
    [
      'a general branch under a general branch',
      { id: 'gb9', name: 'x', type: 'general_branch', parent: 'gb1' },
      'parent',
    ],
    ['a group under a group', { id: 'g9', name: 'x', type: 'group', parent: 'g1' }, 'parent'],
  ])('%s → %s', (_name, org, out) => expect(field(org)).toBe(out));

  it('accepts the first root in an empty tree', () => {
    expect(field({ id: 'root', name: '组织部', type: 'root', parent: null }, new Map())).toBe('ok');
  });
});
