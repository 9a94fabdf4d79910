import { checkDissolution, DISSOLUTION_REASON } from '../domain/dissolution.ts';
import { checkOrgName, validateMove } from '../domain/org-tree.ts';
import type { OrgNode, OrgType } from '../domain/types.ts';
import { InvalidInput, NotFound, OrgRefused } from '../errors.ts';
import { keysOf, loadTree } from '../store/queries.ts';
import {
  dissolveOrg as storeDissolution,
  moveOrg as storeMove,
  orgContents,
  renameOrg as storeRename,
  transfersOutAt,
} from '../store/org-changes.ts';
import type { ServiceDeps } from './deps.ts';
import { createOrgKey, revokeOrgKey, signerFor } from './keys.ts';
import { moveMembersOut } from './dissolution-moves.ts';
import { addOrg } from './orgs.ts';
import { inTransaction } from './transaction.ts';

// Changes to the organisation tree after it was set up: create (a key certified
// by the parent), rename, move (a new key certified by the new parent; the
// old parent stays the certifier of what was signed before) and dissolve
// (when empty, or moving its members to a destination; its keys revoked from
// then on, by its parent).

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

/** What a dissolution did; `replayed` when the org was already dissolved (a retry). */
export interface Dissolution {
  parent: string;
  rolesRemoved: string[];
  keysRevoked: string[];
  /** The members moved to `into` (on a replay, those its moves carried). */
  moved: string[];
  into: string | null;
  replayed: boolean;
}

/**
 * Dissolves (撤销) an organisation. Without `into`, only an empty one: no
 * member at it (other than left or deceased), none in transit to it, no live
 * child. With `into`, its members are moved there first by signed transfers
 * (src/domain/dissolution.ts: the rules and their sources). Its officer roles
 * go and its keys are revoked (by its parent) from the dissolution on — one
 * second after the moves it signed; what it signed before stays valid. All
 * in one transaction: a refusal or failure anywhere leaves nothing done. A
 * retry once it is dissolved answers what was done (`replayed`), unless it
 * names another destination than the moves went to.
 * @example await dissolveOrg(deps, 'b9', { into: 'b2', officer: 'u1' });
 */
export async function dissolveOrg(
  deps: ServiceDeps,
  id: string,
  opts: { into?: string; officer?: string } = {},
): Promise<Dissolution> {
  const node = (await loadTree(deps.db)).get(id);
  if (!node) throw new NotFound('organisation', id, 'id');
  if (node.parent === null) throw new InvalidInput('id', 'the root cannot be dissolved');
  if (node.dissolved !== undefined) return replayOf(deps, node, opts.into);
  return inTransaction(deps, async (tx) => {
    const tree = await loadTree(tx.db);
    const now = tx.now();
    let moved: string[] = [];
    if (opts.into !== undefined) {
      checkDissolution(tree, id, opts.into);
      const ctx = { tree, rules: tx.rules, now, org: id, destination: opts.into };
      moved = await moveMembersOut(tx, ctx, opts.officer ?? 'system');
    } else await liveNode(tx, id);
    // Read after the moves, in the transaction: nothing may be left behind (or have arrived since).
    const left = await orgContents(tx.db, id);
    if (left.members + left.incoming + left.children > 0)
      throw new OrgRefused(
        'ORG_NOT_EMPTY',
        'id',
        `organisation ${id} still has ${left.members} member(s), ${left.incoming} in transit to it and ${left.children} child organisation(s): transfer them first, or name a destination`,
      );
    const at = moved.length > 0 ? now + 1 : now;
    const rolesRemoved = await storeDissolution(tx.db, id, new Date(at * 1000));
    const keysRevoked: string[] = [];
    for (const key of await keysOf(tx.db, [id])) {
      if (key.revokedAt !== null) continue;
      await revokeOrgKey(tx, key.kid, at, 'organisation dissolved');
      keysRevoked.push(key.kid);
    }
    const into = opts.into ?? null;
    return { parent: node.parent!, rolesRemoved, keysRevoked, moved, into, replayed: false };
  });
}

/** A dissolution asked again: what its moves did (entries it signed the second before), or a refusal for another destination. */
async function replayOf(
  deps: ServiceDeps,
  node: OrgNode,
  into: string | undefined,
): Promise<Dissolution> {
  const before = new Date((node.dissolved! - 1) * 1000);
  const moves = (await transfersOutAt(deps.db, node.id, before)).filter(
    (m) => m.reason === DISSOLUTION_REASON,
  );
  const went = moves[0]?.to ?? null;
  if (into !== undefined && went !== null && went !== into)
    throw new OrgRefused(
      'ORG_DISSOLVED',
      'id',
      `organisation ${node.id} is dissolved; its members went to ${went}, not ${into}`,
    );
  const moved = moves.map((m) => m.memberId);
  return {
    parent: node.parent!,
    rolesRemoved: [],
    keysRevoked: [],
    moved,
    into: went,
    replayed: true,
  };
}
