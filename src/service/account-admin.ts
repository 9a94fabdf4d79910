import { isAncestorOrSelf } from '../domain/org-tree.ts';
import type { OrgTree } from '../domain/types.ts';
import { InvalidInput, NotAuthorised, NotFound, OrgRefused } from '../errors.ts';
import { getAccount, rolesOf } from '../store/accounts.ts';
import {
  deleteRole,
  listAccountsAt,
  putRole,
  resetAccountPassword,
  setAccountDisabled,
  type AccountListing,
} from '../store/account-admin.ts';
import { getMember } from '../store/queries.ts';
import type { AccountRow } from '../store/rows.ts';
import { grantingOrgs, mayActOn, type Principal, type Role } from './authorisation.ts';
import type { ServiceDeps } from './deps.ts';
import { hashPassword } from './password.ts';

// Account administration within a secretary's subtree: list, disable,
// re-enable, reset the password, give or take a role. A login belongs to
// the orgs where it holds a role (a member's: their member org); only who
// holds accounts:manage over every one of them may change it, so nobody
// reaches a login that also serves another branch's secretary.

/** A generated password: 16 letters and digits without look-alikes (≈ 80 bits), in groups of four. */
export function generatedPassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  return [...crypto.getRandomValues(new Uint8Array(16))]
    .map((b) => alphabet[b % alphabet.length])
    .join('')
    .replace(/(.{4})(?!$)/g, '$1-');
}

/** May `p` manage a login that belongs to `orgs`? Only with accounts:manage over every one. */
export function mayManageAccount(tree: OrgTree, p: Principal, orgs: readonly string[]): boolean {
  return orgs.length > 0 && orgs.every((o) => mayActOn(tree, p, 'accounts:manage', [o]));
}

export interface ManagedAccount {
  row: AccountRow;
  roles: { org: string; role: Role }[];
  /** The orgs the login belongs to. */
  orgs: string[];
}

/** The login `id` with its orgs, or 404; 403 unless `p` may manage it. */
export async function managedAccount(
  deps: ServiceDeps,
  tree: OrgTree,
  p: Principal,
  id: string,
): Promise<ManagedAccount> {
  const row = await getAccount(deps.db, id);
  if (!row) throw new NotFound('account', id, 'id');
  const roles = (await rolesOf(deps.db, id)).map((r) => ({ org: r.orgId, role: r.role }));
  const memberOrg = row.memberId ? (await getMember(deps.db, row.memberId))?.orgId : undefined;
  const orgs = row.kind === 'member' ? (memberOrg ? [memberOrg] : []) : roles.map((r) => r.org);
  if (!mayManageAccount(tree, p, orgs))
    throw new NotAuthorised(`accounts:manage over every org of account ${id}`);
  return { row, roles, orgs };
}

/** The logins in the subtrees where `p` holds accounts:manage (or of `org` alone), each with whether `p` may change it. */
export async function listManagedAccounts(
  deps: ServiceDeps,
  tree: OrgTree,
  p: Principal,
  org?: string,
): Promise<(AccountListing & { manageable: boolean })[]> {
  const roots = org ? [org] : grantingOrgs(p, 'accounts:manage');
  const ids = [...tree.keys()].filter((id) => roots.some((r) => isAncestorOrSelf(tree, r, id)));
  const rows = await listAccountsAt(deps.db, ids);
  return rows.map((r) => {
    const orgs =
      r.account.kind === 'member'
        ? r.memberOrg
          ? [r.memberOrg]
          : []
        : r.roles.map((x) => x.orgId);
    return { ...r, manageable: mayManageAccount(tree, p, orgs) };
  });
}

const notSelf = (acting: string, target: string, what: string) => {
  if (acting === target) throw new InvalidInput('id', `you cannot ${what} your own login`);
};

/** Disables a login: it cannot log in, its sessions end and the API tokens it made are revoked. */
export async function disableAccount(deps: ServiceDeps, target: ManagedAccount, by: string) {
  notSelf(by, target.row.id, 'disable');
  if (target.row.disabledAt) return { sessionsEnded: 0, tokensRevoked: 0, changed: false };
  const done = await setAccountDisabled(deps.db, target.row.id, new Date(deps.now() * 1000));
  return { ...done, changed: true };
}

export async function enableAccount(deps: ServiceDeps, target: ManagedAccount) {
  if (!target.row.disabledAt) return { changed: false };
  await setAccountDisabled(deps.db, target.row.id, null);
  return { changed: true };
}

/** A generated password, shown once; the next login must change it; every session of the login ends. */
export async function resetPassword(
  deps: ServiceDeps,
  target: ManagedAccount,
  by: string,
): Promise<string> {
  notSelf(by, target.row.id, 'reset the password of');
  const password = generatedPassword();
  await resetAccountPassword(
    deps.db,
    target.row.id,
    await hashPassword(deps.kek, password),
    new Date(deps.now() * 1000),
  );
  return password;
}

/** Gives an officer login a role at `org` (replacing the one held there). */
export async function addRole(
  deps: ServiceDeps,
  tree: OrgTree,
  target: ManagedAccount,
  org: string,
  role: Role,
): Promise<{ before: Role | null }> {
  if (target.row.kind !== 'officer')
    throw new InvalidInput('id', 'a member login holds no roles: make an officer login');
  const node = tree.get(org);
  if (!node) throw new NotFound('organisation', org, 'org');
  if (node.dissolved !== undefined)
    throw new OrgRefused('ORG_DISSOLVED', 'org', `organisation ${org} is dissolved`);
  const before = target.roles.find((r) => r.org === org)?.role ?? null;
  await putRole(deps.db, target.row.id, org, role);
  return { before };
}

/** Takes a role away; never the last one (disable the login instead) nor one's own. */
export async function removeRole(
  deps: ServiceDeps,
  target: ManagedAccount,
  org: string,
  by: string,
): Promise<Role> {
  notSelf(by, target.row.id, 'remove a role from');
  const held = target.roles.find((r) => r.org === org);
  if (!held) throw new NotFound('role', `${target.row.id}@${org}`, 'org');
  if (target.roles.length === 1)
    throw new InvalidInput('org', 'this is the login’s only role: disable the login instead');
  await deleteRole(deps.db, target.row.id, org);
  return held.role;
}
