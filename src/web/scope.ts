import type { Context } from 'hono';
import { isAncestorOrSelf } from '../domain/org-tree.ts';
import type { OrgTree } from '../domain/types.ts';
import { NotAuthorised, NotFound } from '../errors.ts';
import type { AppEnv } from '../http/env.ts';
import {
  grantingOrgs,
  mayActOn,
  subtreeOf,
  type Ability,
  type Principal,
} from '../service/authorisation.ts';
import { seeOther } from './context.ts';
import { errorPage } from './error-page.tsx';

export type Officer = Extract<Principal, { kind: 'officer' }>;

export interface Scope {
  officer: Officer;
  tree: OrgTree;
  /** The orgs the page is about: the `org` asked for, or every org granting the ability. */
  roots: string[];
  /** Those orgs' subtrees. */
  orgIds: string[];
  /** The `org` asked for, when one was. */
  chosen: string | undefined;
  /** Every org granting the ability (for the org filter's options). */
  granted: string[];
}

/**
 * The officer's reach for a page that needs `ability`: by the same matrix as
 * the API (src/service/authorisation.ts). Not logged in: to the login page;
 * a member: to their own card; a token or an officer without the ability: 403.
 */
export async function officerScope(
  c: Context<AppEnv>,
  ability: Ability,
  org: string | undefined = c.req.query('org') || undefined,
): Promise<Scope | Response> {
  const p = c.get('principal');
  if (!p) return errorPage(c, c.get('authError'), 401);
  if (p.kind === 'member' && c.req.method === 'GET') return seeOther(c, '/me');
  if (p.kind !== 'officer') return errorPage(c, new NotAuthorised('officers only'));
  const tree = await c.var.cache.tree();
  const granted = grantingOrgs(p, ability);
  let roots = granted;
  if (roots.length === 0) return errorPage(c, new NotAuthorised(`no role with ${ability}`));
  if (org) {
    if (!tree.has(org)) return errorPage(c, new NotFound('organisation', org, 'org'));
    if (!mayActOn(tree, p, ability, [org]))
      return errorPage(c, new NotAuthorised(`${ability} over ${org}`));
    roots = [org];
  }
  return { officer: p, tree, roots, orgIds: subtreeOf(tree, roots), chosen: org, granted };
}

/** The orgs of a scope as select options, in tree order (parents before children), indented. */
export function orgOptions(tree: OrgTree, roots: readonly string[]): [string, string][] {
  const out: [string, string][] = [];
  const children = new Map<string, string[]>();
  for (const n of tree.values())
    if (n.parent) children.set(n.parent, [...(children.get(n.parent) ?? []), n.id]);
  const walk = (id: string, depth: number) => {
    const n = tree.get(id);
    if (!n || n.dissolved !== undefined) return;
    out.push([id, `${'　'.repeat(depth)}${n.name}`]);
    for (const k of (children.get(id) ?? []).sort()) walk(k, depth + 1);
  };
  const top = roots.filter((r) => !roots.some((o) => o !== r && isAncestorOrSelf(tree, o, r)));
  for (const r of [...new Set(top)]) walk(r, 0);
  return out;
}
