/** @jsxImportSource hono/jsx */
import type { OrgTree } from '../domain/types.ts';
import type { WebKey } from '../i18n/web.ts';
import type { ImportReport } from '../service/import.ts';
import { importColumns, type ImportKind, type PreviewTicket } from '../service/import-preview.ts';
import { CsrfField, Notice } from './components.tsx';
import type { View } from './context.ts';
import { Layout } from './layout.tsx';

/** The largest file the page takes: its confirmation re-sends it as base64 within the upload limit. */
export const IMPORT_FILE_LIMIT = 6 * 1024 * 1024;

export interface ImportPlace {
  org: string;
  name: string;
  /** What the officer may import here (members: member:enroll; orgs: orgs:manage). */
  kinds: ImportKind[];
  /** The org that signs enrolled members' entries. */
  signer: string;
  tree: OrgTree;
}

const importHref = (org: string) => `/orgs/${encodeURIComponent(org)}/import`;

const hintKey = (kind: ImportKind, field: string) =>
  (kind === 'members' ? `import.col.${field}` : `import.ocol.${field}`) as WebKey;

function ColumnHelp(props: { view: View; kind: ImportKind }) {
  const { t } = props.view;
  return (
    <details>
      <summary>{t('import.columns')}</summary>
      <div class="scroll">
        <table class="dense">
          <thead>
            <tr>
              <th scope="col">{t('import.column')}</th>
              <th scope="col">{t('import.required')}</th>
              <th scope="col">{t('import.allowed')}</th>
            </tr>
          </thead>
          <tbody>
            {importColumns(props.kind).map((c) => (
              <tr>
                <th scope="row">{c.header}</th>
                <td>{c.required ? t('import.required') : t('import.optional')}</td>
                <td>{t(hintKey(props.kind, c.field))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

function UploadForm(props: { view: View; place: ImportPlace; kind: ImportKind }) {
  const { view, place, kind } = props;
  const { t } = view;
  const id = `file-${kind}`;
  return (
    <section aria-labelledby={`h-${kind}`}>
      <h2 id={`h-${kind}`}>{kind === 'members' ? t('import.members') : t('import.orgs')}</h2>
      <p class="hint">
        {kind === 'members'
          ? t('import.membersHint', { signer: place.tree.get(place.signer)?.name ?? place.signer })
          : t('import.orgsHint')}
      </p>
      <p>
        {t('import.template')} <a href={`/import/templates/${kind}.xlsx`}>XLSX</a> ·{' '}
        <a href={`/import/templates/${kind}.csv`}>CSV</a>
      </p>
      <ColumnHelp view={view} kind={kind} />
      <form
        method="post"
        action={`${importHref(place.org)}/upload`}
        enctype="multipart/form-data"
        class="stack"
      >
        <CsrfField view={view} />
        <input type="hidden" name="kind" value={kind} />
        <div class="field">
          <label for={id}>{t('import.file')}</label>
          <input
            id={id}
            name="file"
            type="file"
            required
            aria-describedby={`${id}-hint`}
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          />
          <p class="hint" id={`${id}-hint`}>
            {t('import.fileHint', { mb: IMPORT_FILE_LIMIT >> 20 })}
          </p>
        </div>
        <p class="actions">
          <button type="submit" class="primary">
            {t('import.preview')}
          </button>
        </p>
      </form>
    </section>
  );
}

/** 导入 (GET /orgs/{id}/import): the two uploads the officer may use here, each with its help. */
export function ImportPage(props: {
  view: View;
  place: ImportPlace;
  refusal?: { kind: ImportKind; text: string };
}) {
  const { view, place, refusal } = props;
  const { t } = view;
  const title = `${t('import.title')} · ${place.name}`;
  return (
    <Layout view={view} title={title}>
      <h1>{title}</h1>
      <p>{t('import.intro')}</p>
      {refusal && <Notice kind="error">{refusal.text}</Notice>}
      {place.kinds.map((kind) => (
        <UploadForm view={view} place={place} kind={kind} />
      ))}
    </Layout>
  );
}

/** A stored or file value as a person reads it: 男 not M, 正式党员 not full, an org by name. */
function shown(view: View, tree: OrgTree, field: string, value: string): string {
  const { t } = view;
  if (value === '') return t('import.empty');
  const known = (key: string) => (WORDS.has(key) ? t(key as WebKey) : value);
  switch (field) {
    case 'gender':
      return known(`gender.${value}`);
    case 'category':
      return known(`category.${value}`);
    case 'personnel':
      return known(`personnel.${value}`);
    case 'type':
      return known(`orgType.${value}`);
    case 'cadre':
      return value === 'true' ? t('common.yes') : value === 'false' ? t('common.no') : value;
    case 'org':
    case 'parent': {
      const name = tree.get(value)?.name;
      return name ? `${name}（${value}）` : value;
    }
    default:
      return value;
  }
}
/** The stored values that have a page label (the rest are shown as they are). */
const WORDS = new Set<string>([
  'gender.M',
  'gender.F',
  'category.full',
  'category.probationary',
  ...['police', 'auxiliary', 'military_transfer', 'student', 'other'].map((p) => `personnel.${p}`),
  ...['committee', 'general_branch', 'branch', 'group', 'root'].map((o) => `orgType.${o}`),
]);

function Counts(props: { view: View; report: ImportReport }) {
  const { view, report } = props;
  const { t } = view;
  const cells: [WebKey, number, string][] = [
    ['import.new', report.created.length, 'new'],
    ['import.unchanged', report.unchanged.length, 'unchanged'],
    ['import.changed', report.changed.length, 'changed'],
    ['import.invalid', report.invalidRows, 'invalid'],
  ];
  return (
    <>
      <p>{t('import.rows', { rows: report.rows, encoding: report.encoding })}</p>
      <dl class="counts">
        {cells.map(([key, n, id]) => (
          <div id={`count-${id}`}>
            <dt>{t(key)}</dt>
            <dd class="num">{n}</dd>
          </div>
        ))}
      </dl>
    </>
  );
}

function Problems(props: { view: View; report: ImportReport; caption: string }) {
  const { view, report } = props;
  const { t } = view;
  if (report.problems.length === 0) return null;
  return (
    <div class="scroll">
      <table class="dense" id="problems">
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('import.row')}</th>
            <th scope="col">{t('import.column')}</th>
            <th scope="col">{t('import.problem')}</th>
          </tr>
        </thead>
        <tbody>
          {report.problems.map((p) => (
            <tr>
              <td class="num">{p.row}</td>
              <td>{p.column}</td>
              <td>{view.lang === 'zh' ? p.zh : p.en}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Changes(props: {
  view: View;
  report: ImportReport;
  tree: OrgTree;
  names: ReadonlyMap<number, string>;
}) {
  const { view, report, tree, names } = props;
  const { t } = view;
  if (report.changed.length === 0) return null;
  const link = (id: string) =>
    report.kind === 'members'
      ? `/members/${encodeURIComponent(id)}`
      : `/members?org=${encodeURIComponent(id)}`;
  return (
    <section aria-labelledby="h-changed">
      <h2 id="h-changed">{t('import.changedList')}</h2>
      <p class="hint">{t('import.changedHint')}</p>
      <div class="scroll">
        <table class="dense" id="changes">
          <thead>
            <tr>
              <th scope="col">{t('import.row')}</th>
              <th scope="col">{t('import.record')}</th>
              <th scope="col">{t('import.column')}</th>
              <th scope="col">{t('import.was')}</th>
              <th scope="col">{t('import.now')}</th>
            </tr>
          </thead>
          <tbody>
            {report.changed.flatMap((c) =>
              c.fields.map((f) => (
                <tr>
                  <td class="num">{c.row}</td>
                  <td>
                    <a href={link(c.id)}>{names.get(c.row) || c.id}</a>{' '}
                    <code class="muted">{c.id}</code>
                  </td>
                  <td>{f.column}</td>
                  <td>{shown(view, tree, f.field, f.was)}</td>
                  <td>
                    <ins>{shown(view, tree, f.field, f.now)}</ins>
                  </td>
                </tr>
              )),
            )}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** What the preview of one file found, and the form that imports exactly that file. */
export function PreviewPage(props: {
  view: View;
  place: ImportPlace;
  kind: ImportKind;
  file: { name: string; bytes64: string };
  report: ImportReport;
  ticket: PreviewTicket;
  /** The file's name column by row, to name each changed record. */
  names: ReadonlyMap<number, string>;
  notice?: string;
}) {
  const { view, place, kind, file, report, ticket } = props;
  const { t } = view;
  const title = `${t('import.previewTitle')} · ${place.name}`;
  const fileLevel = report.problems.some((p) => p.row === 1);
  const n = report.created.length;
  return (
    <Layout view={view} title={title}>
      <h1>{title}</h1>
      {props.notice && <Notice kind="error">{props.notice}</Notice>}
      <p>{t('import.previewIntro', { file: file.name, hash: ticket.sha256.slice(0, 12) })}</p>
      <Counts view={view} report={report} />
      <Problems view={view} report={report} caption={t('import.invalidList')} />
      <Changes view={view} report={report} tree={place.tree} names={props.names} />
      {fileLevel ? (
        <Notice kind="error">{t('import.fileLevel')}</Notice>
      ) : n === 0 ? (
        <Notice kind="info">{t('import.nothingNew')}</Notice>
      ) : (
        <form
          method="post"
          action={`${importHref(place.org)}/confirm`}
          enctype="multipart/form-data"
          class="stack"
        >
          <CsrfField view={view} />
          <input type="hidden" name="kind" value={kind} />
          <input type="hidden" name="name" value={file.name} />
          <input type="hidden" name="sha256" value={ticket.sha256} />
          <input type="hidden" name="fingerprint" value={ticket.fingerprint} />
          <input type="hidden" name="seal" value={ticket.seal} />
          <input type="hidden" name="file" value={file.bytes64} />
          {report.invalidRows > 0 && (
            <p>
              <label>
                <input type="checkbox" name="skipInvalid" value="1" />{' '}
                {t('import.skipInvalid', { n: report.invalidRows })}
              </label>
            </p>
          )}
          <p class="actions">
            <button type="submit" class="primary">
              {kind === 'members'
                ? t('import.confirmMembers', { n })
                : t('import.confirmOrgs', { n })}
            </button>
          </p>
        </form>
      )}
      <p>
        <a href={importHref(place.org)}>{t('import.again')}</a>
      </p>
    </Layout>
  );
}

/** After the import: how many went in, each linked, and the rows skipped. */
export function ResultPage(props: {
  view: View;
  place: ImportPlace;
  report: ImportReport;
  /** The file's name column by row, to name what was created. */
  names: ReadonlyMap<number, string>;
}) {
  const { view, place, report, names } = props;
  const { t } = view;
  const n = report.created.length;
  const members = report.kind === 'members';
  return (
    <Layout view={view} title={`${t('import.resultTitle')} · ${place.name}`}>
      <h1>
        {t('import.resultTitle')} · {place.name}
      </h1>
      <Notice kind={n > 0 ? 'ok' : 'info'}>
        {n === 0
          ? t('import.doneNone')
          : members
            ? t('import.doneMembers', { n })
            : t('import.doneOrgs', { n })}
      </Notice>
      <Problems
        view={view}
        report={report}
        caption={t('import.doneSkipped', { n: report.invalidRows })}
      />
      {n > 0 && (
        <section aria-labelledby="h-created">
          <h2 id="h-created">{members ? t('import.enrolled') : t('import.createdOrgs')}</h2>
          <ol id="created">
            {report.created.map((r) => (
              <li>
                <a
                  href={
                    members
                      ? `/members/${encodeURIComponent(r.id)}`
                      : `/members?org=${encodeURIComponent(r.id)}`
                  }
                >
                  {names.get(r.row) ?? r.id}
                </a>{' '}
                <span class="muted">
                  {t('import.row')} {r.row} · <code>{r.id}</code>
                </span>
              </li>
            ))}
          </ol>
        </section>
      )}
      <p>
        {members ? (
          <a href={`/members?org=${encodeURIComponent(place.org)}`}>
            {t('import.toMembers', { org: place.name })}
          </a>
        ) : (
          <a href="/orgs">{t('import.toOrgs')}</a>
        )}{' '}
        · <a href={importHref(place.org)}>{t('import.again')}</a>
      </p>
    </Layout>
  );
}
