/** @jsxImportSource hono/jsx */
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import { ORG_TYPES, type OrgTree, type OrgType } from '../domain/types.ts';
import { MEMBER_HOLDING_TYPES } from '../domain/dissolution.ts';
import { MembersNotMovable, NotAuthorised, PmcError } from '../errors.ts';
import type { App, AppEnv } from '../http/env.ts';
import { titlesOf } from '../i18n/messages.ts';
import { grantingOrgs, mayActOn } from '../service/authorisation.ts';
import { createOrg, dissolveOrg, moveOrg, renameOrg } from '../service/org-changes.ts';
import { CsrfField, Field, Notice, Select } from './components.tsx';
import { formOf, seeOther, viewOf, type View } from './context.ts';
import { officerScope, orgOptions, type Officer } from './scope.ts';

export type ManageForm = 'create' | 'rename' | 'move' | 'dissolve';
export interface ManageState {
  form?: ManageForm;
  values?: Record<string, string>;
  error?: string;
}

const DONE = {
  create: 'created',
  rename: 'renamed',
  move: 'moved',
  dissolve: 'dissolved',
} as const;
const CHILD_TYPES = ORG_TYPES.filter((t) => t !== 'root');

/** Live orgs the officer may create under or move to: their orgs:manage subtrees. */
function parentOptions(tree: OrgTree, officer: Officer): [string, string][] {
  return orgOptions(tree, grantingOrgs(officer, 'orgs:manage')).filter(([id]) => {
    const n = tree.get(id);
    return n?.dissolved === undefined && mayActOn(tree, officer, 'orgs:manage', [id]);
  });
}

/** Where a dissolved org's members may go: live 支部 / 小组 the officer manages (党章 art. 8). */
function destinationOptions(tree: OrgTree, officer: Officer): [string, string][] {
  return parentOptions(tree, officer).filter(([id]) =>
    MEMBER_HOLDING_TYPES.includes(tree.get(id)!.type),
  );
}

/** Orgs the officer may rename, move or dissolve: those whose parent they manage. */
function targetOptions(tree: OrgTree, officer: Officer): [string, string][] {
  return parentOptions(tree, officer).filter(([id]) => {
    const parent = tree.get(id)?.parent;
    return parent != null && mayActOn(tree, officer, 'orgs:manage', [parent]);
  });
}

/** 管理组织: create a child, rename, move, dissolve; shown only to officers with orgs:manage. */
export function ManageOrgs(props: {
  view: View;
  tree: OrgTree;
  officer: Officer;
  state: ManageState;
}) {
  const { view, tree, officer, state } = props;
  const { t } = view;
  const parents = parentOptions(tree, officer);
  if (parents.length === 0) return null;
  const targets = targetOptions(tree, officer);
  const v = (form: ManageForm, name: string) =>
    state.form === form ? (state.values?.[name] ?? '') : '';
  const done = view.query.get('m');
  const common = { view, state };
  return (
    <section aria-labelledby="h-manage">
      <h2 id="h-manage">{t('orgs.manage')}</h2>
      {done && (Object.values(DONE) as string[]).includes(done) && (
        <Notice kind="ok">{t(`orgs.done.${done as (typeof DONE)[ManageForm]}`)}</Notice>
      )}
      <OrgActionForm
        {...common}
        form="create"
        title={t('orgs.create')}
        submit={t('orgs.createSubmit')}
        primary
      >
        <Select
          name="parent"
          label={t('orgs.parent')}
          value={v('create', 'parent')}
          options={parents}
        />
        <Field
          name="id"
          label={t('orgs.id')}
          value={v('create', 'id')}
          required
          maxlength={32}
          autocomplete="off"
          hint={t('orgs.idHint')}
        />
        <Field
          name="name"
          label={t('orgs.name')}
          value={v('create', 'name')}
          required
          maxlength={100}
        />
        <Select
          name="type"
          label={t('orgs.type')}
          value={v('create', 'type') || 'branch'}
          options={CHILD_TYPES.map((ty) => [ty, t(`orgType.${ty}`)] as const)}
        />
      </OrgActionForm>
      {targets.length > 0 && (
        <>
          <OrgActionForm
            {...common}
            form="rename"
            title={t('orgs.rename')}
            submit={t('orgs.renameSubmit')}
          >
            <Select name="org" label={t('orgs.org')} value={v('rename', 'org')} options={targets} />
            <Field
              name="name"
              label={t('orgs.newName')}
              value={v('rename', 'name')}
              required
              maxlength={100}
            />
          </OrgActionForm>
          <OrgActionForm
            {...common}
            form="move"
            title={t('orgs.move')}
            submit={t('orgs.moveSubmit')}
            hint={t('orgs.moveHint')}
          >
            <Select name="org" label={t('orgs.org')} value={v('move', 'org')} options={targets} />
            <Select
              name="parent"
              label={t('orgs.newParent')}
              value={v('move', 'parent')}
              options={parents}
            />
          </OrgActionForm>
          <OrgActionForm
            {...common}
            form="dissolve"
            title={t('orgs.dissolve')}
            submit={t('orgs.dissolveSubmit')}
            hint={t('orgs.dissolveHint')}
          >
            <Select
              name="org"
              label={t('orgs.org')}
              value={v('dissolve', 'org')}
              options={targets}
            />
            <Select
              name="destination"
              label={t('orgs.destination')}
              value={v('dissolve', 'destination')}
              options={[['', t('orgs.noDestination')], ...destinationOptions(tree, officer)]}
            />
          </OrgActionForm>
        </>
      )}
    </section>
  );
}

/**
 * One management form, the same shape for all four: its heading, its
 * refusal shown in place, a post to `/orgs/<form>` with the CSRF field, the
 * fields given as children, the submit button and an optional hint.
 */
function OrgActionForm(props: {
  view: View;
  state: ManageState;
  form: ManageForm;
  title: string;
  submit: string;
  primary?: boolean;
  hint?: string;
  children?: Child;
}) {
  const { view, state, form } = props;
  return (
    <>
      <h3>{props.title}</h3>
      {state.form === form && state.error ? <Notice kind="error">{state.error}</Notice> : null}
      <form method="post" action={`/orgs/${form}`} class="filters">
        <CsrfField view={view} />
        {props.children}
        <button type="submit" class={props.primary ? 'primary' : undefined}>
          {props.submit}
        </button>
      </form>
      {props.hint && <p class="hint">{props.hint}</p>}
    </>
  );
}

type Page = (c: Context<AppEnv>, state: ManageState, status: 200 | 422) => Promise<Response>;

/**
 * The four form posts (post/redirect/get): each checks orgs:manage by the
 * same matrix as the API — over the parent for a new org, over the org's
 * parent (and the new one) to rename, move or dissolve it — and audits under
 * the org and its parent(s). A refusal re-renders the page with the reason.
 */
export function registerManage(app: App, page: Page) {
  const handle = (
    form: ManageForm,
    act: (
      c: Context<AppEnv>,
      f: Record<string, string>,
      tree: OrgTree,
      o: Officer,
    ) => Promise<void>,
  ) =>
    app.post(`/orgs/${form}`, async (c) => {
      const fields = await formOf(c);
      const scope = await officerScope(c, 'member:search', undefined);
      if (scope instanceof Response) return scope;
      const values = Object.fromEntries(
        ['org', 'parent', 'id', 'name', 'type', 'destination'].map((k) => [k, fields.get(k)]),
      );
      try {
        await act(c, values, scope.tree, scope.officer);
      } catch (err) {
        if (!(err instanceof PmcError) || err.code !== 'INVALID_INPUT') throw err;
        const { t, lang } = await viewOf(c);
        const error = t('error.invalid', { detail: titlesOf(err)[lang] });
        // A dissolution refused for its members names each one and why.
        const who =
          err instanceof MembersNotMovable
            ? `${t('orgs.blocked')}：${err.blocked.map((b) => `${b.name}（${b.title[lang]}）`).join('、')}`
            : '';
        return page(c, { form, values, error: `${error}（${err.field ?? ''}）${who}` }, 422);
      }
      await c.var.cache.snapshot(true);
      return seeOther(c, `/orgs?m=${DONE[form]}`);
    });

  const must = (tree: OrgTree, o: Officer, org: string | null | undefined, field: string) => {
    if (!org || !tree.has(org) || !mayActOn(tree, o, 'orgs:manage', [org]))
      throw new NotAuthorised(`orgs:manage over ${org ?? ''}`, field);
  };
  /** The org to change, authorised over its parent; audited under both. */
  const target = (c: Context<AppEnv>, f: Record<string, string>, tree: OrgTree, o: Officer) => {
    const node = tree.get(f.org!);
    must(tree, o, node?.parent, 'org');
    c.var.audit.org = node!.id;
    c.var.audit.target = node!.id;
    c.var.audit.alsoOrgs = [node!.parent!];
    return node!;
  };

  handle('create', async (c, f, tree, o) => {
    must(tree, o, f.parent, 'parent');
    c.var.audit.org = f.parent!;
    c.var.audit.target = f.id!;
    const type = (CHILD_TYPES as readonly string[]).includes(f.type!)
      ? (f.type as OrgType)
      : 'branch';
    const node = await createOrg(c.var.deps, { id: f.id!, name: f.name!, type, parent: f.parent! });
    c.var.audit.alsoOrgs = [node.id];
    c.var.audit.detail = { name: node.name, type: node.type, parent: node.parent };
  });
  handle('rename', async (c, f, tree, o) => {
    const node = target(c, f, tree, o);
    const r = await renameOrg(c.var.deps, node.id, f.name!);
    c.var.audit.detail = { nameBefore: r.before, name: r.after.name };
  });
  handle('move', async (c, f, tree, o) => {
    const node = target(c, f, tree, o);
    must(tree, o, f.parent, 'parent');
    const moved = await moveOrg(c.var.deps, node.id, f.parent!);
    c.var.audit.alsoOrgs = [moved.from, f.parent!];
    c.var.audit.detail = { from: moved.from, to: f.parent, kid: moved.kid };
  });
  handle('dissolve', async (c, f, tree, o) => {
    const node = target(c, f, tree, o);
    const into = f.destination || undefined;
    if (into !== undefined) {
      must(tree, o, into, 'destination');
      c.var.audit.alsoOrgs = [node.parent!, into];
    }
    const done = await dissolveOrg(c.var.deps, node.id, {
      ...(into !== undefined ? { into } : {}),
      officer: o.accountId,
    });
    c.var.audit.detail = {
      rolesRemoved: done.rolesRemoved,
      keysRevoked: done.keysRevoked,
      destination: done.into,
      moved: done.moved,
      replayed: done.replayed,
    };
  });
}
