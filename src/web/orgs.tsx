/** @jsxImportSource hono/jsx */
import type { Context } from 'hono';
import { isAncestorOrSelf } from '../domain/org-tree.ts';
import type { OrgNode, OrgTree } from '../domain/types.ts';
import type { App, AppEnv } from '../http/env.ts';
import { mayActOn } from '../service/authorisation.ts';
import { countMembersByOrg } from '../service/member-lists.ts';
import { render, viewOf, type View } from './context.ts';
import { Layout } from './layout.tsx';
import { ManageOrgs, registerManage, type ManageState } from './orgs-manage.tsx';
import { officerScope } from './scope.ts';

interface Counts {
  /** Members whose org is this one (any status but left / deceased). */
  own: number;
  inTransit: number;
  /** This org and every org under it. */
  subtree: number;
}

function countTree(tree: OrgTree, rows: { org: string; status: string; n: number }[]) {
  const counts = new Map<string, Counts>();
  const at = (id: string) => {
    let c = counts.get(id);
    if (!c) counts.set(id, (c = { own: 0, inTransit: 0, subtree: 0 }));
    return c;
  };
  for (const r of rows) {
    if (r.status === 'left' || r.status === 'deceased') continue;
    at(r.org).own += r.n;
    if (r.status === 'in_transit') at(r.org).inTransit += r.n;
    // Every ancestor (this org included) counts the member in its subtree.
    for (let id: string | null = r.org; id; id = tree.get(id)?.parent ?? null)
      at(id).subtree += r.n;
  }
  return (id: string) => counts.get(id) ?? { own: 0, inTransit: 0, subtree: 0 };
}

function Branch(props: {
  view: View;
  node: OrgNode;
  children: Map<string, OrgNode[]>;
  counts: (id: string) => Counts;
  /** Whether the officer may import a roster or an org tree here (the link to the import page). */
  canImport: (id: string) => boolean;
}) {
  const { view, node, children, counts, canImport } = props;
  const { t } = view;
  const kids = (children.get(node.id) ?? []).filter((k) => k.dissolved === undefined);
  const c = counts(node.id);
  return (
    <li>
      <a href={`/members?org=${encodeURIComponent(node.id)}`}>{node.name}</a>{' '}
      <span class="muted">
        {t(`orgType.${node.type}`)} · <code>{node.id}</code> · {t('orgs.members')} {c.own} ·{' '}
        {t('orgs.subtree')} {c.subtree}
        {c.inTransit > 0 && (
          <>
            {' '}
            · {t('orgs.inTransit')} {c.inTransit}
          </>
        )}
      </span>{' '}
      <a href={`/desk?org=${encodeURIComponent(node.id)}`}>{t('nav.desk')}</a>
      {canImport(node.id) && (
        <>
          {' '}
          <a href={`/orgs/${encodeURIComponent(node.id)}/import`}>{t('orgs.import')}</a>
        </>
      )}
      {kids.length > 0 && (
        <ul>
          {kids.map((k) => (
            <Branch
              view={view}
              node={k}
              children={children}
              counts={counts}
              canImport={canImport}
            />
          ))}
        </ul>
      )}
    </li>
  );
}

/** The tree page, with the management forms when the officer may reshape part of the tree. */
export async function orgsPage(
  c: Context<AppEnv>,
  state: ManageState = {},
  status: 200 | 422 = 200,
): Promise<Response> {
  const scope = await officerScope(c, 'member:search');
  if (scope instanceof Response) return scope;
  const view = await viewOf(c);
  const { t } = view;
  const { tree, roots } = scope;
  const counts = countTree(tree, await countMembersByOrg(c.var.deps));
  const children = new Map<string, OrgNode[]>();
  for (const n of tree.values())
    if (n.parent) children.set(n.parent, [...(children.get(n.parent) ?? []), n]);
  for (const list of children.values()) list.sort((a, b) => a.id.localeCompare(b.id));
  const canImport = (id: string) =>
    tree.get(id)?.dissolved === undefined &&
    (mayActOn(tree, scope.officer, 'member:enroll', [id]) ||
      mayActOn(tree, scope.officer, 'orgs:manage', [id]));
  const top = [...new Set(roots)].filter(
    (r) => !roots.some((o) => o !== r && isAncestorOrSelf(tree, o, r)),
  );
  return render(
    c,
    <Layout view={view} title={t('orgs.title')}>
      <h1>{t('orgs.title')}</h1>
      <ul class="tree">
        {top.map((id) => {
          const node = tree.get(id);
          return node ? (
            <Branch
              view={view}
              node={node}
              children={children}
              counts={counts}
              canImport={canImport}
            />
          ) : null;
        })}
      </ul>
      <ManageOrgs view={view} tree={tree} officer={scope.officer} state={state} />
    </Layout>,
    status,
  );
}

/** 组织 (GET /orgs): the caller's part of the tree, each org with its member counts. */
export function register(app: App) {
  app.get('/orgs', async (c) => orgsPage(c));
  registerManage(app, orgsPage);
}
