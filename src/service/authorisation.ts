/**
 * Who may do what, in one table. Officers hold a role at an organisation and
 * act over its subtree; members see only themselves; API tokens carry named
 * abilities within one organisation's subtree. The ledger rules check the
 * signing organisation's authority again inside `decide` (NotAuthorised);
 * this layer checks the *person's* role first, so nobody acts outside their
 * subtree whatever org they name.
 */
import { ancestorsOf, isAncestorOrSelf } from '../domain/org-tree.ts';
import { KINDS } from '../domain/kinds/index.ts';
import { ENDORSE_KINDS, type EndorseKind, type OrgTree } from '../domain/types.ts';

export const ROLES = ['secretary', 'organizer', 'clerk', 'viewer'] as const; // 书记 · 组织委员 · 党务干事 · 只读
export type Role = (typeof ROLES)[number];

export type { EndorseKind };

const BASE_ABILITIES = [
  'member:read', // a member's record, bundle and QR
  'member:national_id', // the full national ID (otherwise masked)
  'member:search',
  'member:enroll',
  'alerts:read',
  'audit:read',
  'tokens:manage',
  'accounts:manage',
  'hr:moves',
  'filings:read', // the annual filings of the subtree and their verdicts
  'filings:file', // 上报: sign the org's own annual statistics
  'filings:review', // 接收 / 退回 / 免报 / 延期 of a child's filing, signed as its parent
  'dues:read', // a branch's dues table (the template) and standings
  'dues:record', // record a branch-month of 党费 as one signed batch
  'orgs:manage', // create, rename, move, dissolve organisations; import an org tree
  'backup:read', // the whole installation as a backup (sealed IDs stay sealed; never the KEK)
] as const;
/** One ability per endorsement kind: `endorse:transfer_out`, … (from the registry, src/domain/kinds). */
type EndorseAbility = `endorse:${EndorseKind}`;
export type Ability = (typeof BASE_ABILITIES)[number] | EndorseAbility;
export const ABILITIES: readonly Ability[] = [
  ...BASE_ABILITIES.slice(0, 4),
  ...ENDORSE_KINDS.map((k): EndorseAbility => `endorse:${k}`),
  ...BASE_ABILITIES.slice(4),
];

/** What a token may be given (a token never signs a ledger entry). */
export const TOKEN_ABILITIES = [
  'hr:moves',
  'member:read',
  'member:search',
  'alerts:read',
  'filings:read',
  'backup:read',
] as const satisfies readonly Ability[];
export type TokenAbility = (typeof TOKEN_ABILITIES)[number];

/**
 * Where the acting organisation itself must sit, beyond "in the officer's subtree":
 * - `approval`: the member's own org, or an ancestor with 审批权 (a 党委 or the
 *   root): 党员教育管理工作条例 (2019) art. 25 — a 党总支 or 支部 above the
 *   member's org cannot sign a transfer for it.
 * - `upper`: a 党委 or the root (上级党委 reading their subtree's audit trail).
 * - `root`: the root itself (a backup holds every org's data, so only the top may take one).
 */
export type OrgCondition = 'approval' | 'upper' | 'root';

const S = 'secretary',
  O = 'organizer',
  C = 'clerk',
  V = 'viewer';

/**
 * THE MATRIX. Each ability: the roles that have it, and any condition on the
 * organisation acting. A role acts over its org's subtree only.
 *
 * | ability                 | secretary | organizer | clerk | viewer | token | acting org            |
 * |-------------------------|-----------|-----------|-------|--------|-------|-----------------------|
 * | member:read             | ✓         | ✓         | ✓     | ✓      | ✓     |                       |
 * | member:national_id      | ✓         | ✓         | ✓     |        |       |                       |
 * | member:search           | ✓         | ✓         | ✓     | ✓      | ✓     |                       |
 * | member:enroll           | ✓         | ✓         | ✓     |        |       |                       |
 * | endorse:transfer_out    | ✓         | ✓         |       |        |       | own org or 党委 (审批权) |
 * | endorse:arrival         | ✓         | ✓         |       |        |       |                       |
 * | endorse:transfer_return | ✓         | ✓         |       |        |       |                       |
 * | endorse:temp_out        | ✓         | ✓         | ✓     |        |       |                       |
 * | endorse:temp_return     | ✓         | ✓         | ✓     |        |       |                       |
 * | endorse:flow_register   | ✓         | ✓         | ✓     |        |       |                       |
 * | endorse:status          | ✓         | ✓         |       |        |       |                       |
 * | endorse:correction      | ✓         | ✓         | ✓     |        |       |                       |
 * | alerts:read             | ✓         | ✓         | ✓     | ✓      | ✓     |                       |
 * | audit:read              | ✓         | ✓         |       |        |       | 党委 or root            |
 * | tokens:manage           | ✓         |           |       |        |       |                       |
 * | accounts:manage         | ✓         |           |       |        |       |                       |
 * | hr:moves                |           |           |       |        | ✓     |                       |
 * | filings:read            | ✓         | ✓         | ✓     | ✓      | ✓     |                       |
 * | filings:file            | ✓         | ✓         |       |        |       |                       |
 * | filings:review          | ✓         | ✓         |       |        |       | over the child's parent |
 * | dues:read               | ✓         | ✓         | ✓     | ✓      |       |                       |
 * | dues:record             | ✓         | ✓         | ✓     |        |       |                       |
 * | orgs:manage             | ✓         | ✓         |       |        |       | 党委 or root            |
 * | backup:read             | ✓         |           |       |        | ✓     | the root only           |
 *
 * Clerks (党务干事) do the paperwork: enrolment, 证明信, 流动党员 registration
 * and corrections, but never a transfer or a status change, which need a
 * 支委 decision. Members: their own record, bundle, QR and national ID, nothing else.
 */
type MatrixRow = { roles: readonly Role[]; token?: true; org?: OrgCondition };

/** The endorse rows, from each kind's descriptor: clerks sign the paperwork kinds; `approval` kinds need 审批权. */
function endorseRows(): Record<EndorseAbility, MatrixRow> {
  const rows = ENDORSE_KINDS.map((k): [EndorseAbility, MatrixRow] => {
    const spec: { officers: 'clerk' | 'committee'; approval?: true } = KINDS[k];
    const roles: Role[] = spec.officers === 'clerk' ? [S, O, C] : [S, O];
    return [`endorse:${k}`, spec.approval ? { roles, org: 'approval' } : { roles }];
  });
  return Object.fromEntries(rows) as Record<EndorseAbility, MatrixRow>;
}

export const MATRIX: Record<Ability, MatrixRow> = {
  'member:read': { roles: [S, O, C, V], token: true },
  'member:national_id': { roles: [S, O, C] },
  'member:search': { roles: [S, O, C, V], token: true },
  'member:enroll': { roles: [S, O, C] },
  ...endorseRows(),
  'alerts:read': { roles: [S, O, C, V], token: true },
  'audit:read': { roles: [S, O], org: 'upper' },
  'tokens:manage': { roles: [S] },
  'accounts:manage': { roles: [S] },
  'hr:moves': { roles: [], token: true },
  'filings:read': { roles: [S, O, C, V], token: true },
  'filings:file': { roles: [S, O] },
  'filings:review': { roles: [S, O] },
  'dues:read': { roles: [S, O, C, V] },
  'dues:record': { roles: [S, O, C] },
  // The tree below a 党委 is the 党委's to set up (its 组织委员 does it); a 支部 does not reshape itself.
  'orgs:manage': { roles: [S, O], org: 'upper' },
  'backup:read': { roles: [S], token: true, org: 'root' },
};

export type Principal =
  | {
      kind: 'officer';
      accountId: string;
      username: string;
      displayName: string;
      roles: { org: string; role: Role }[];
      sessionId: string;
    }
  | {
      kind: 'member';
      accountId: string;
      username: string;
      displayName: string;
      memberId: string;
      sessionId: string;
    }
  | { kind: 'token'; tokenId: string; name: string; org: string; abilities: readonly string[] };

/** The orgs from which `p` holds `ability` (each acts over its subtree). */
export function grantingOrgs(p: Principal, ability: Ability): string[] {
  const row = MATRIX[ability];
  if (p.kind === 'officer')
    return p.roles.filter((r) => row.roles.includes(r.role)).map((r) => r.org);
  if (p.kind === 'token') return row.token && p.abilities.includes(ability) ? [p.org] : [];
  return [];
}

/** Does the organisation `org` meet the ability's condition for a member/target at `target`? */
export function meetsCondition(
  tree: OrgTree,
  ability: Ability,
  org: string,
  target: string,
): boolean {
  const cond = MATRIX[ability].org;
  const type = tree.get(org)?.type;
  if (cond === 'upper') return type === 'committee' || type === 'root';
  if (cond === 'root') return type === 'root';
  if (cond === 'approval') return org === target || type === 'committee' || type === 'root';
  return true;
}

/** Every org id in the subtrees of `roots` (roots included). */
export function subtreeOf(tree: OrgTree, roots: readonly string[]): string[] {
  const out = new Set<string>();
  for (const node of tree.values())
    if (roots.some((r) => isAncestorOrSelf(tree, r, node.id))) out.add(node.id);
  return [...out];
}

/** Is any of `targets` inside the subtree of an org from which `p` holds `ability` (meeting its condition)? */
export function mayActOn(
  tree: OrgTree,
  p: Principal,
  ability: Ability,
  targets: readonly string[],
): boolean {
  return grantingOrgs(p, ability).some((g) =>
    targets.some((t) => isAncestorOrSelf(tree, g, t) && meetsCondition(tree, ability, g, t)),
  );
}

/**
 * The organisation an officer signs as. With `as`: it must lie in the subtree
 * of one of their orgs holding the ability, be at or above one of the
 * targets, and meet the ability's condition. Without: their own org that holds
 * the ability over a target, the nearest to it first, else the target org
 * itself when it is in their subtree. Undefined: not allowed.
 * @example actingOrg(tree, officerAtC1, 'endorse:transfer_out', ['b1']) // → 'c1'
 */
export function actingOrg(
  tree: OrgTree,
  p: Principal,
  ability: Ability,
  targets: readonly string[],
  as?: string,
): string | undefined {
  const granting = grantingOrgs(p, ability);
  const fits = (org: string) =>
    targets.some((t) => isAncestorOrSelf(tree, org, t) && meetsCondition(tree, ability, org, t));
  if (as !== undefined) {
    if (!tree.has(as) || !granting.some((g) => isAncestorOrSelf(tree, g, as))) return undefined;
    return fits(as) ? as : undefined;
  }
  const depth = (org: string) => ancestorsOf(tree, org).length;
  const own = granting.filter(fits).sort((a, b) => depth(b) - depth(a))[0];
  // Else the target org itself, when it lies in their subtree: e.g. a 党总支 officer
  // signs a transfer as the member's own 支部, since the 党总支 has no 审批权.
  return own ?? targets.find((t) => granting.some((g) => isAncestorOrSelf(tree, g, t)) && fits(t));
}
