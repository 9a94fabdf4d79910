/** @jsxImportSource hono/jsx */
import type { Context } from 'hono';
import { fromB64u, b64u } from '../crypto/bytes.ts';
import { NotAuthorised, NotFound } from '../errors.ts';
import type { App, AppEnv } from '../http/env.ts';
import type { WebKey } from '../i18n/web.ts';
import { actingOrg, mayActOn } from '../service/authorisation.ts';
import type { ImportReport } from '../service/import.ts';
import {
  fileHash,
  importTemplate,
  readUpload,
  rowNames,
  runImport,
  ticketFor,
  ticketHolds,
  type ImportActor,
  type ImportKind,
  type PreviewTicket,
  type Table,
} from '../service/import-preview.ts';
import { render, viewOf, type View } from './context.ts';
import { errorPage } from './error-page.tsx';
import {
  IMPORT_FILE_LIMIT,
  ImportPage,
  PreviewPage,
  ResultPage,
  type ImportPlace,
} from './import-views.tsx';
import { officerScope, type Officer } from './scope.ts';

interface Gate {
  place: ImportPlace;
  officer: Officer;
}

/**
 * Who may import at `org`, by the API's own rules: a roster with member:enroll
 * (signed as actingOrg, as POST /api/imports/members), an org tree with
 * orgs:manage (as POST /api/imports/orgs). Neither: 403.
 */
async function gate(c: Context<AppEnv>, org: string): Promise<Gate | Response> {
  const scope = await officerScope(c, 'member:enroll', org);
  if (scope instanceof Response) return scope;
  const { tree, officer } = scope;
  const node = tree.get(org)!;
  if (node.dissolved !== undefined) return errorPage(c, new NotFound('organisation', org, 'org'));
  const signer = actingOrg(tree, officer, 'member:enroll', [org]);
  const kinds: ImportKind[] = [];
  if (signer) kinds.push('members');
  if (mayActOn(tree, officer, 'orgs:manage', [org])) kinds.push('orgs');
  if (kinds.length === 0) return errorPage(c, new NotAuthorised(`import over ${org}`));
  return { place: { org, name: node.name, kinds, signer: signer ?? org, tree }, officer };
}

const actorOf = (g: Gate, kind: ImportKind): ImportActor => ({
  account: g.officer.accountId,
  org: g.place.org,
  signAs: kind === 'members' ? g.place.signer : g.place.org,
});

type Refusal = { key: WebKey; status: 413 | 415 | 422; vars?: Record<string, string | number> };

/** The file as a table, or why the page cannot read it (the page says so in the visitor's language). */
async function tableOf(name: string, bytes: Uint8Array): Promise<Table | Refusal> {
  const read = await readUpload(name, bytes, IMPORT_FILE_LIMIT);
  if (!('refusal' in read)) return read;
  const mb = IMPORT_FILE_LIMIT >> 20;
  switch (read.refusal) {
    case 'TOO_LARGE':
      return {
        key: 'import.refused.TOO_LARGE',
        status: 413,
        vars: { size: (bytes.length / 2 ** 20).toFixed(1), mb },
      };
    case 'EMPTY':
    case 'NO_ROWS':
      return { key: `import.refused.${read.refusal}`, status: 422 };
    default:
      return { key: `import.refused.${read.refusal}`, status: 415, vars: { name } };
  }
}

const kindOf = (v: unknown): ImportKind => (v === 'orgs' ? 'orgs' : 'members');
const textOf = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

/** The audit record of a preview or an import, as the API's (rows, invalid, created, dry run) plus the file's hash. */
function audit(
  c: Context<AppEnv>,
  kind: ImportKind,
  actor: ImportActor,
  sha: string,
  r: ImportReport,
) {
  c.var.audit.org = actor.signAs;
  c.var.audit.target = actor.org;
  c.var.audit.action = kind;
  c.var.audit.detail = {
    sha256: sha,
    rows: r.rows,
    invalid: r.invalidRows,
    created: r.imported ? r.created.length : 0,
    dryRun: !r.imported,
  };
}

async function refuse(c: Context<AppEnv>, g: Gate, kind: ImportKind, r: Refusal) {
  const view = await pageView(c, g);
  const refusal = { kind, text: view.t(r.key, r.vars) };
  return render(c, <ImportPage view={view} place={g.place} refusal={refusal} />, r.status);
}

/** A post re-renders a page: its links (the language switch) point at the import page. */
async function pageView(c: Context<AppEnv>, g: Gate): Promise<View> {
  const view = await viewOf(c);
  return { ...view, path: `/orgs/${encodeURIComponent(g.place.org)}/import` };
}

function preview(
  c: Context<AppEnv>,
  view: View,
  g: Gate,
  kind: ImportKind,
  file: { name: string; bytes: Uint8Array; table: Table },
  report: ImportReport,
  ticket: PreviewTicket,
  notice?: { text: string; status: 409 | 422 },
) {
  return render(
    c,
    <PreviewPage
      view={view}
      place={g.place}
      kind={kind}
      file={{ name: file.name, bytes64: b64u(file.bytes) }}
      report={report}
      ticket={ticket}
      names={rowNames(kind, file.table)}
      {...(notice ? { notice: notice.text } : {})}
    />,
    notice?.status ?? 200,
  );
}

const TEMPLATE_NAMES: Record<ImportKind, { zh: string }> = {
  members: { zh: '党员花名册模板' },
  orgs: { zh: '组织架构模板' },
};

/**
 * 导入 (GET /orgs/{id}/import): a roster or an org tree, in two steps. The
 * upload (POST …/upload) only previews: counts, every invalid row by row and
 * column, every field a re-imported record differs in. The confirmation (POST
 * …/confirm) re-sends that file with the preview's sealed ticket, is checked
 * again, and imports it (service/import-preview.ts); then the result page.
 * Blank templates: GET /import/templates/{members|orgs}.{xlsx|csv}.
 */
export function register(app: App) {
  app.get('/orgs/:id/import', async (c) => {
    const g = await gate(c, c.req.param('id'));
    if (g instanceof Response) return g;
    return render(c, <ImportPage view={await viewOf(c)} place={g.place} />);
  });

  app.post('/orgs/:id/import/upload', async (c) => {
    const body = await c.req.parseBody({ all: true });
    const g = await gate(c, c.req.param('id'));
    if (g instanceof Response) return g;
    const kind = kindOf(body.kind);
    if (!g.place.kinds.includes(kind))
      return errorPage(c, new NotAuthorised(`import ${kind} over ${g.place.org}`));
    const file = body.file;
    if (!(file instanceof File)) return refuse(c, g, kind, { key: 'import.noFile', status: 422 });
    if (file.size > IMPORT_FILE_LIMIT)
      return refuse(c, g, kind, {
        key: 'import.refused.TOO_LARGE',
        status: 413,
        vars: { size: (file.size / 2 ** 20).toFixed(1), mb: IMPORT_FILE_LIMIT >> 20 },
      });
    const bytes = new Uint8Array(await file.arrayBuffer());
    const table = await tableOf(file.name, bytes);
    if (!('rows' in table)) return refuse(c, g, kind, table);
    const actor = actorOf(g, kind);
    const report = await runImport(c.var.deps, kind, table, actor, { dryRun: true });
    const sha = await fileHash(bytes);
    audit(c, kind, actor, sha, report);
    const ticket = await ticketFor(c.var.deps, kind, actor, sha, report);
    const view = await pageView(c, g);
    return preview(c, view, g, kind, { name: file.name, bytes, table }, report, ticket);
  });

  app.post('/orgs/:id/import/confirm', async (c) => {
    const body = await c.req.parseBody({ all: true });
    const g = await gate(c, c.req.param('id'));
    if (g instanceof Response) return g;
    const kind = kindOf(body.kind);
    if (!g.place.kinds.includes(kind))
      return errorPage(c, new NotAuthorised(`import ${kind} over ${g.place.org}`));
    const actor = actorOf(g, kind);
    const name = textOf(body.name).slice(0, 200);
    const ticket: PreviewTicket = {
      sha256: textOf(body.sha256),
      fingerprint: textOf(body.fingerprint),
      seal: textOf(body.seal),
    };
    let bytes: Uint8Array;
    try {
      bytes = fromB64u(textOf(body.file));
    } catch {
      bytes = new Uint8Array(0);
    }
    // Only the file whose hash the preview sealed, for this officer, org and kind.
    const mismatch = { key: 'import.mismatch', status: 422 } as const;
    if ((await fileHash(bytes)) !== ticket.sha256) return refuse(c, g, kind, mismatch);
    if (!(await ticketHolds(c.var.deps, kind, actor, ticket))) return refuse(c, g, kind, mismatch);
    const table = await tableOf(name, bytes);
    if (!('rows' in table)) return refuse(c, g, kind, table);
    const view = await pageView(c, g);
    // Checked again: when the data moved since the preview, the new preview is shown, nothing written.
    const now = await runImport(c.var.deps, kind, table, actor, { dryRun: true });
    const fresh = await ticketFor(c.var.deps, kind, actor, ticket.sha256, now);
    const file = { name, bytes, table };
    if (fresh.fingerprint !== ticket.fingerprint) {
      audit(c, kind, actor, ticket.sha256, now);
      const notice = { text: view.t('import.stale'), status: 409 } as const;
      return preview(c, view, g, kind, file, now, fresh, notice);
    }
    const skipInvalid = textOf(body.skipInvalid) === '1';
    if (now.invalidRows > 0 && !skipInvalid) {
      audit(c, kind, actor, ticket.sha256, now);
      const notice = {
        text: view.t('import.mustSkip', { n: now.invalidRows }),
        status: 422,
      } as const;
      return preview(c, view, g, kind, file, now, fresh, notice);
    }
    const report = await runImport(c.var.deps, kind, table, actor, {
      dryRun: false,
      skipInvalid,
    });
    audit(c, kind, actor, ticket.sha256, report);
    if (kind === 'orgs' && report.created.length > 0) await c.var.cache.snapshot(true);
    return render(
      c,
      <ResultPage view={view} place={g.place} report={report} names={rowNames(kind, table)} />,
      report.imported ? 200 : 422,
    );
  });

  app.get('/import/templates/:file', async (c) => {
    const scope = await officerScope(c, 'member:enroll');
    if (scope instanceof Response) return scope;
    const m = /^(members|orgs)\.(csv|xlsx)$/.exec(c.req.param('file'));
    if (!m) return errorPage(c, new NotFound('template', c.req.param('file'), 'file'));
    const kind = m[1] as ImportKind;
    const format = m[2] as 'csv' | 'xlsx';
    const names = TEMPLATE_NAMES[kind];
    const body = await importTemplate(kind, format);
    return c.body(body as never, 200, {
      'Content-Type':
        format === 'csv'
          ? 'text/csv; charset=utf-8'
          : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'Content-Disposition': `attachment; filename="pmcert-${kind}-template.${format}"; filename*=UTF-8''${encodeURIComponent(`${names.zh}.${format}`)}`,
      'Cache-Control': 'no-store',
    });
  });
}
