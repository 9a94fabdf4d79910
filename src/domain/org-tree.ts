/**
 * Helpers over the organisation tree (DESIGN §3): root (组织部 / 工委) → 党委
 * → 党总支 → 党支部 → 党小组, any depth. Pure functions over `OrgTree`.
 */
import { InvalidInput, OrgRefused } from '../errors.ts';
import { ORG_TYPES, type NumericDate, type OrgNode, type OrgTree, type OrgType } from './types.ts';
import { unsafeCharIn, unsafeCharMessage } from './text.ts';

const ORG_ID = /^[a-z0-9][a-z0-9_-]*$/;
const MAX_ID_LENGTH = 32;
const MAX_NAME_LENGTH = 100;

/** Depth rank of each type: a child sits strictly below its parent. */
const RANK: Record<OrgType, number> = {
  root: 0,
  committee: 1,
  general_branch: 2,
  branch: 3,
  group: 4,
};

/**
 * The ancestors of `id`, nearest first, `id` itself excluded:
 * `ancestorsOf(tree, 'branch-1')` → `['committee-1', 'root']`.
 * Throws `InvalidInput('parent', …)` on a cycle or a parent missing from the
 * tree, since either means the tree itself is corrupt. An unknown `id` has no
 * ancestors.
 */
export function ancestorsOf(tree: OrgTree, id: string): string[] {
  const out: string[] = [];
  const seen = new Set([id]);
  let parent = tree.get(id)?.parent ?? null;
  while (parent !== null) {
    if (seen.has(parent))
      throw new InvalidInput('parent', `the organisation tree has a cycle through ${parent}`);
    const node = tree.get(parent);
    if (node === undefined)
      throw new InvalidInput(
        'parent',
        `organisation ${out.at(-1) ?? id} names a missing parent ${parent}`,
      );
    seen.add(parent);
    out.push(parent);
    parent = node.parent;
  }
  return out;
}

/**
 * True when `ancestor` is `id` or above it, the test behind every "this org or
 * a superior one may sign" rule. False when `id` is not in the tree.
 */
export function isAncestorOrSelf(tree: OrgTree, ancestor: string, id: string): boolean {
  if (!tree.has(id)) return false;
  return ancestor === id || ancestorsOf(tree, id).includes(ancestor);
}

/**
 * The parent `node` had at time `at`: the `from` of its first move after `at`,
 * else its parent now. `parentAt({ parent: 'c2', moves: [{ from: 'c1', at: 100 }] }, 99)` → `'c1'`.
 */
export function parentAt(node: OrgNode, at: NumericDate): string | null {
  for (const m of node.moves ?? []) if (at < m.at) return m.from;
  return node.parent;
}

/**
 * As isAncestorOrSelf, in the tree as it stood at `at` (moves undone): an
 * entry signed by a 党委 before its 支部 moved elsewhere stays within its authority.
 */
export function isAncestorOrSelfAt(
  tree: OrgTree,
  ancestor: string,
  id: string,
  at: NumericDate,
): boolean {
  if (!tree.has(id)) return false;
  const seen = new Set<string>();
  for (let cur: string | null = id; cur !== null;) {
    if (cur === ancestor) return true;
    if (seen.has(cur)) return false;
    seen.add(cur);
    const node = tree.get(cur);
    cur = node ? parentAt(node, at) : null;
  }
  return false;
}

/**
 * Checks moving `id` under `parent`, e.g. `validateMove(tree, 'b-1', 'c-2')`:
 * not the root, not under itself or one of its descendants (a cycle), not
 * under a dissolved org, and the types must nest as for a new org.
 * Throws `InvalidInput('parent', …)`; OrgRefused ORG_CYCLE for a cycle.
 */
export function validateMove(tree: OrgTree, id: string, parent: string): void {
  const node = tree.get(id);
  if (!node) throw new InvalidInput('id', `organisation ${id} does not exist`);
  if (node.parent === null) throw new InvalidInput('id', 'the root cannot be moved');
  if (parent === id || ancestorsOf(tree, parent).includes(id))
    throw new OrgRefused(
      'ORG_CYCLE',
      'parent',
      `${parent} is ${id} itself or lies under it: the move would make a cycle`,
    );
  if (tree.get(parent)?.dissolved !== undefined)
    throw new OrgRefused('ORG_DISSOLVED', 'parent', `organisation ${parent} is dissolved`);
  checkParent(tree, node.type, parent);
}

/**
 * Checks an organisation about to be added and returns it as a node, e.g.
 * `validateNewOrg(tree, { id: 'b-7', name: '第七党支部', type: 'branch', parent: 'c-1' })`.
 * Throws `InvalidInput` naming the field (`id`, `name`, `type`, `parent`).
 */
export function validateNewOrg(tree: OrgTree, org: OrgNode): OrgNode {
  const { id, type } = org;
  if (typeof id !== 'string' || id.length < 1 || id.length > MAX_ID_LENGTH || !ORG_ID.test(id)) {
    throw new InvalidInput(
      'id',
      `an organisation id has 1-${MAX_ID_LENGTH} characters a-z 0-9 _ -, starting with a letter or digit`,
    );
  }
  if (tree.has(id)) throw new InvalidInput('id', `organisation ${id} already exists`);
  const name = checkOrgName(org.name);
  if (!(ORG_TYPES as readonly string[]).includes(type)) {
    throw new InvalidInput('type', `organisation type must be one of ${ORG_TYPES.join(', ')}`);
  }
  return { id, name, type, parent: checkParent(tree, type, org.parent) };
}

/** A trimmed organisation name of 1-100 characters without control or look-alike characters, or InvalidInput('name'). */
export function checkOrgName(raw: unknown): string {
  const name = typeof raw === 'string' ? raw.trim() : '';
  if (name.length < 1 || [...name].length > MAX_NAME_LENGTH) {
    throw new InvalidInput('name', `an organisation name has 1-${MAX_NAME_LENGTH} characters`);
  }
  const bad = unsafeCharIn(name);
  if (bad) throw new InvalidInput('name', unsafeCharMessage('name', bad));
  return name;
}

function checkParent(tree: OrgTree, type: OrgType, parent: string | null): string | null {
  if (type === 'root') {
    if (parent !== null && parent !== undefined)
      throw new InvalidInput('parent', 'a root organisation has no parent');
    if ([...tree.values()].some((n) => n.type === 'root'))
      throw new InvalidInput('type', 'the tree already has a root');
    return null;
  }
  if (parent === null || parent === undefined)
    throw new InvalidInput('parent', `a ${type} needs a parent organisation`);
  const above = tree.get(parent);
  if (above === undefined)
    throw new InvalidInput('parent', `parent organisation ${parent} does not exist`);
  // 党委 under 党委 is common (a 基层党委 under a 系统党委); otherwise each level sits lower.
  const nested = type === 'committee' && above.type === 'committee';
  if (!nested && RANK[type] <= RANK[above.type]) {
    throw new InvalidInput('parent', `a ${type} cannot sit under a ${above.type}`);
  }
  return parent;
}
