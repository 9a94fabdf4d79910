/**
 * Helpers over the organisation tree (DESIGN §3): root (组织部 / 工委) → 党委
 * → 党总支 → 党支部 → 党小组, any depth. Pure functions over `OrgTree`.
 */
import { InvalidInput } from '../errors.ts';
import { ORG_TYPES, type OrgNode, type OrgTree, type OrgType } from './types.ts';
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
  const name = typeof org.name === 'string' ? org.name.trim() : '';
  if (name.length < 1 || [...name].length > MAX_NAME_LENGTH) {
    throw new InvalidInput('name', `an organisation name has 1-${MAX_NAME_LENGTH} characters`);
  }
  const bad = unsafeCharIn(name);
  if (bad) throw new InvalidInput('name', unsafeCharMessage('name', bad));
  if (!(ORG_TYPES as readonly string[]).includes(type)) {
    throw new InvalidInput('type', `organisation type must be one of ${ORG_TYPES.join(', ')}`);
  }
  return { id, name, type, parent: checkParent(tree, type, org.parent) };
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
