import { checkOrgName, validateMove } from '../domain/org-tree.ts';
import type { OrgNode, OrgType } from '../domain/types.ts';
import { InvalidInput, NotFound, OrgRefused } from '../errors.ts';
import { keysOf, loadTree } from '../store/queries.ts';
import {
  dissolveOrg as storeDissolution,
  moveOrg as storeMove,
  orgContents,
  renameOrg as storeRename,
} from '../store/org-changes.ts';
import type { ServiceDeps } from './deps.ts';
import { createOrgKey, revokeOrgKey, signerFor } from './keys.ts';
import { addOrg } from './orgs.ts';
import { inTransaction } from './transaction.ts';

// Changes to the organisation tree after it was set up: create (a key certified
// by the parent), rename, move (a new key certified by the new parent; the
// old parent stays the certifier of what was signed before) and dissolve
// (only when empty; its keys revoked from then on, by its parent).

async function liveNode(deps: ServiceDeps, id: string, field = 'id'): Promise<OrgNode> {
  const node = (await loadTree(deps.db)).get(id);
  if (!node) throw new NotFound('organisation', id, field);
  if (node.dissolved !== undefined)
    throw new OrgRefused('ORG_DISSOLVED', field, `organisation ${id} is dissolved`);
  return node;
}

/**
 * A new organisation under a live parent; its id must be new (a dissolved org's id stays taken).
 * @example await createOrg(deps, { id: 'b7', name: '第七党支部', type: 'branch', parent: 'c1' });
 */
export async function createOrg(
  deps: ServiceDeps,
  input: { id: string; name: string; type: OrgType; parent: string },
): Promise<OrgNode> {
  const tree = await loadTree(deps.db);
  if (tree.has(input.id))
    throw new OrgRefused('ORG_EXISTS', 'id', `organisation id ${input.id} is already taken`);
  await liveNode(deps, input.parent, 'parent');
  return addOrg(deps, input);
}

/** Renames an organisation (its id, keys and history stay). @example await renameOrg(deps, 'b1', '第一党支部（机关）'); */
export async function renameOrg(
  deps: ServiceDeps,
  id: string,
  rawName: string,
): Promise<{ before: string; after: OrgNode }> {
  const node = await liveNode(deps, id);
  const name = checkOrgName(rawName);
  if (name !== node.name) await storeRename(deps.db, id, name);
  return { before: node.name, after: { ...node, name } };
}

/**
 * Moves an organisation (with its subtree) under another parent: refused when
 * that would make a cycle or the types do not nest. Records the old parent in
 * `moves`, so entries and key certificates from before still check against
 * the tree of their time, and gives the org a new key certified by the new parent.
 * @example await moveOrg(deps, 'b1', 'c2');
 */
export async function moveOrg(
  deps: ServiceDeps,
  id: string,
  parent: string,
): Promise<{ from: string; after: OrgNode; kid: string }> {
  const node = await liveNode(deps, id);
  await liveNode(deps, parent, 'parent');
  if (node.parent === parent)
    throw new InvalidInput('parent', `organisation ${id} is already under ${parent}`);
  validateMove(await loadTree(deps.db), id, parent);
  const from = node.parent!;
  const certifier = await signerFor(deps, parent);
  const moves = [...(node.moves ?? []), { from, at: deps.now() }];
  // One transaction: an org moved without its new certificate would sign under the old parent's.
  const { kid } = await inTransaction(deps, async (tx) => {
    await storeMove(tx.db, id, parent, moves);
    return createOrgKey(tx, id, certifier);
  });
  return { from, after: { ...node, parent, moves }, kid };
}

/**
 * Dissolves an empty organisation: no member at it (other than left or
 * deceased), none in transit to it, no live child org. Its officer roles go,
 * its keys are revoked from now (by its parent); what it signed before stays valid.
 * @example await dissolveOrg(deps, 'b9');
 */
export async function dissolveOrg(
  deps: ServiceDeps,
  id: string,
): Promise<{ parent: string; rolesRemoved: string[]; keysRevoked: string[] }> {
  const node = await liveNode(deps, id);
  if (node.parent === null) throw new InvalidInput('id', 'the root cannot be dissolved');
  const left = await orgContents(deps.db, id);
  if (left.members + left.incoming + left.children > 0)
    throw new OrgRefused(
      'ORG_NOT_EMPTY',
      'id',
      `organisation ${id} still has ${left.members} member(s), ${left.incoming} in transit to it and ${left.children} child organisation(s): transfer them first`,
    );
  const now = deps.now();
  const rolesRemoved = await storeDissolution(deps.db, id, new Date(now * 1000));
  const keysRevoked: string[] = [];
  for (const key of await keysOf(deps.db, [id])) {
    if (key.revokedAt !== null) continue;
    await revokeOrgKey(deps, key.kid, now, 'organisation dissolved');
    keysRevoked.push(key.kid);
  }
  return { parent: node.parent, rolesRemoved, keysRevoked };
}
