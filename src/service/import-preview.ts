/**
 * The import page's two steps over the one import service (./import.ts):
 * a preview (a dry run) and a confirm that imports exactly the previewed
 * file. Nothing is kept on the server between the two: the preview hands the
 * page the file's SHA-256, a fingerprint of what the preview found, and a
 * seal (a keyed MAC over both, the officer, the org and the kind); the
 * confirm re-sends the file and those three. The confirm refuses bytes whose
 * hash is not the sealed one, and checks the file again: when the stored data
 * moved since the preview (someone enrolled one of its members, an org
 * appeared) the fingerprint differs and the new preview is shown instead of
 * importing.
 */
import { blindIndex } from '../crypto/keys.ts';
import { b64u, sha256 } from '../crypto/bytes.ts';
import { PmcError } from '../errors.ts';
import { fileRefusal, type FileRefusal } from '../import/file-kind.ts';
import { MEMBER_COLUMNS } from '../import/members.ts';
import { ORG_COLUMNS } from '../import/orgs.ts';
import { mapColumns, type ColumnSpec } from '../import/problems.ts';
import { toCsv, type Table } from '../import/table.ts';
import { toXlsx } from '../import/xlsx.ts';
import type { ServiceDeps } from './deps.ts';
import { importMembers, importOrgs, readTable, type ImportReport } from './import.ts';

export type { Table };

export type ImportKind = 'members' | 'orgs';

/** Who imports where: the officer's account, the org the page is for, and (members) the org that signs. */
export interface ImportActor {
  account: string;
  org: string;
  signAs: string;
}

/** What the confirm form carries back. */
export interface PreviewTicket {
  sha256: string;
  fingerprint: string;
  seal: string;
}

export const fileHash = async (bytes: Uint8Array): Promise<string> => b64u(await sha256(bytes));

/** Runs the import of `table` as `actor`: a dry run for the preview, for real on confirm. */
export function runImport(
  deps: ServiceDeps,
  kind: ImportKind,
  table: Table,
  actor: ImportActor,
  opts: { dryRun: boolean; skipInvalid?: boolean },
): Promise<ImportReport> {
  const common = { scope: actor.org, dryRun: opts.dryRun, skipInvalid: opts.skipInvalid === true };
  return kind === 'members'
    ? importMembers(deps, table, { org: actor.signAs, officer: actor.account }, common)
    : importOrgs(deps, table, common);
}

/**
 * What a preview found, as one hash: every problem, every new, unchanged and
 * changed row (with the values it differs in). Equal fingerprints mean the
 * confirm would write what the preview showed.
 */
export async function fingerprintOf(report: ImportReport): Promise<string> {
  const facts = {
    kind: report.kind,
    rows: report.rows,
    invalid: report.invalidRows,
    problems: report.problems.map((p) => [p.row, p.field, p.code, p.zh]),
    created: report.created.map((r) => r.row),
    unchanged: report.unchanged.map((r) => [r.row, r.id]),
    changed: report.changed.map((r) => [r.row, r.id, r.fields.map((f) => [f.field, f.was, f.now])]),
  };
  return b64u(await sha256(JSON.stringify(facts)));
}

const sealText = (kind: ImportKind, actor: ImportActor, sha: string, fingerprint: string) =>
  [actor.account, actor.org, actor.signAs, kind, sha, fingerprint].join('\n');

/** The ticket for a preview: the file's hash and the preview's fingerprint, sealed for this officer and org. */
export async function ticketFor(
  deps: ServiceDeps,
  kind: ImportKind,
  actor: ImportActor,
  sha: string,
  report: ImportReport,
): Promise<PreviewTicket> {
  const fingerprint = await fingerprintOf(report);
  const seal = await blindIndex(
    deps.kek,
    'import-preview',
    sealText(kind, actor, sha, fingerprint),
  );
  return { sha256: sha, fingerprint, seal };
}

/** Whether a ticket came from our own preview of this file, for this officer, org and kind. */
export async function ticketHolds(
  deps: ServiceDeps,
  kind: ImportKind,
  actor: ImportActor,
  ticket: PreviewTicket,
): Promise<boolean> {
  const want = await blindIndex(
    deps.kek,
    'import-preview',
    sealText(kind, actor, ticket.sha256, ticket.fingerprint),
  );
  return constantTimeEqual(want, ticket.seal);
}

function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return d === 0;
}

/** Why the page cannot read an upload, before any row is checked. */
export type UploadRefusal = FileRefusal | 'BAD_XLSX' | 'NO_ROWS' | 'TOO_LARGE';

/** The file as a table, or why it cannot be one (a wrong type, empty, too large, no data rows). */
export async function readUpload(
  name: string,
  bytes: Uint8Array,
  limit: number,
): Promise<Table | { refusal: UploadRefusal }> {
  if (bytes.length > limit) return { refusal: 'TOO_LARGE' };
  const refused = fileRefusal(name, bytes);
  if (refused) return { refusal: refused };
  let table: Table;
  try {
    table = await readTable(bytes);
  } catch (err) {
    if (!(err instanceof PmcError)) throw err;
    return { refusal: 'BAD_XLSX' };
  }
  return table.rows.length === 0 ? { refusal: 'NO_ROWS' } : table;
}

const COLUMNS: Record<ImportKind, readonly ColumnSpec<string>[]> = {
  members: MEMBER_COLUMNS,
  orgs: ORG_COLUMNS,
};

/** The columns the importer reads, in template order: the header a file should carry, the field, required. */
export const importColumns = (kind: ImportKind) =>
  COLUMNS[kind].map((c) => ({
    header: c.headers[0]!,
    field: c.field,
    required: c.required === true,
  }));

/** A blank template: the headers only, as CSV (UTF-8 with the BOM Excel needs) or XLSX (text columns). */
export function importTemplate(
  kind: ImportKind,
  format: 'csv' | 'xlsx',
): Promise<string | Uint8Array> {
  const headers = importColumns(kind).map((c) => c.header);
  return format === 'csv'
    ? Promise.resolve(toCsv(headers, []))
    : toXlsx(headers, [], kind === 'members' ? '花名册' : '组织架构');
}

/** The name column of each row, to name what a preview or an import found. */
export function rowNames(kind: ImportKind, table: Table): Map<number, string> {
  const i = mapColumns(table.headers, COLUMNS[kind]).index.get('name');
  return new Map(table.rows.map((r) => [r.row, i === undefined ? '' : (r.cells[i] ?? '').trim()]));
}
