/**
 * Roster and org-tree import: read the file (src/import/), check every row
 * (pure), compare with what is stored (same national ID = same member, same
 * 编码 = same org; differences reported, never overwritten), and only then
 * write — nothing when any row is invalid unless `skipInvalid`, nothing at all
 * on `dryRun`. Members go in batched transactions (`applyOps`): each batch
 * holds every member's signed enrol entry, first credential, sealed national
 * ID and log leaf (src/store/import.ts enrollMany), so thousands per second
 * reach the log in commit order.
 */
import type { Signer } from '../crypto/jws.ts';
import { blindIndex } from '../crypto/keys.ts';
import {
  checkMemberRows,
  changedFields,
  MEMBER_COLUMNS,
  type MemberRow,
} from '../import/members.ts';
import { checkOrgRows, ORG_COLUMNS } from '../import/orgs.ts';
import { problem, type RowProblem } from '../import/problems.ts';
import { decodeCsvBytes, parseCsv, type Table } from '../import/table.ts';
import { readXlsx } from '../import/xlsx.ts';
import { InvalidInput } from '../errors.ts';
import type { LedgerOp } from '../store/append.ts';
import { enrollMany, membersByNationalIdIndex } from '../store/import.ts';
import { loadTree } from '../store/queries.ts';
import type { ServiceDeps } from './deps.ts';
import { enrollOp, type Actor } from './members.ts';
import { mapConcurrent } from './concurrency.ts';
import { signerFor } from './keys.ts';
import { addOrg } from './orgs.ts';

export type ImportFormat = 'csv' | 'xlsx';

export interface ImportOptions {
  dryRun?: boolean;
  skipInvalid?: boolean;
  /** Rows must name orgs in this subtree (the importing officer's). */
  scope?: string;
  /** Members per transaction. */
  batchSize?: number;
}

export interface ImportReport {
  kind: 'members' | 'orgs';
  encoding: string;
  rows: number;
  invalidRows: number;
  problems: RowProblem[];
  /** New rows: written (or, on a dry run or a refused file, that would be). */
  created: { row: number; id: string }[];
  unchanged: { row: number; id: string }[];
  /** Rows that match a stored record but differ from it: reported, never written. */
  changed: {
    row: number;
    id: string;
    fields: { field: string; column: string; was: string; now: string }[];
  }[];
  /** True when the new rows were written. */
  imported: boolean;
  dryRun: boolean;
  /** Wall time of the write, and members (or orgs) written per second. */
  ms: number;
  perSecond: number;
}

/** Sniffs the format from the bytes (XLSX is a ZIP: `PK\x03\x04`) and reads the table. */
export async function readTable(bytes: Uint8Array, format?: ImportFormat): Promise<Table> {
  const zip = bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
  if ((format ?? (zip ? 'xlsx' : 'csv')) === 'xlsx') {
    try {
      return await readXlsx(bytes);
    } catch (cause) {
      throw new InvalidInput('file', 'the file is not a readable XLSX workbook', { cause });
    }
  }
  const { text, encoding } = decodeCsvBytes(bytes);
  return parseCsv(text, encoding);
}

type EnrollOp = Extract<LedgerOp, { kind: 'enroll' }>;

const NATIONAL_ID = 'national-id'; // the blind index's purpose, as in service/members.ts

/**
 * Imports a member roster. Each row's own org signs its enrolment unless
 * `actor.org` is given (an officer above them, as over HTTP).
 * @example const report = await importMembers(deps, await readTable(bytes), { officer: 'cli' }, { dryRun: true });
 */
export async function importMembers(
  deps: ServiceDeps,
  table: Table,
  actor: { org?: string; officer: string },
  opts: ImportOptions = {},
): Promise<ImportReport> {
  const now = deps.now();
  const tree = await loadTree(deps.db);
  const checked = checkMemberRows(table, {
    tree,
    rules: deps.rules,
    now,
    ...(opts.scope ? { scope: opts.scope } : {}),
    ...(actor.org ? { signAs: actor.org } : {}),
  });
  const indexed = await mapConcurrent(checked.valid, async (m) => ({
    m,
    index: await blindIndex(deps.kek, NATIONAL_ID, m.nationalId),
  }));
  const existing = new Map(
    (
      await membersByNationalIdIndex(
        deps.db,
        indexed.map((x) => x.index),
      )
    ).map((e) => [e.nationalIdIndex, e]),
  );
  const report = baseReport('members', table, checked.problems, checked.invalidRows, opts);
  const fresh: { m: MemberRow; index: string }[] = [];
  for (const x of indexed) {
    const prior = existing.get(x.index);
    if (!prior) {
      fresh.push(x);
      continue;
    }
    const fields = changedFields(x.m, prior);
    if (fields.length === 0) report.unchanged.push({ row: x.m.row, id: prior.id });
    else
      report.changed.push({
        row: x.m.row,
        id: prior.id,
        fields: fields.map((f) => ({ ...f, column: columnOf(table, f.field) })),
      });
  }
  if (!mayWrite(report, opts)) {
    report.created = fresh.map(({ m }) => ({ row: m.row, id: '' }));
    return report;
  }
  const t0 = performance.now();
  const signers = new Map<string, Promise<Signer>>();
  const signerOf = (org: string) => {
    let s = signers.get(org);
    if (!s) signers.set(org, (s = signerFor(deps, org, now)));
    return s;
  };
  const size = opts.batchSize ?? 1000;
  const record = (batch: typeof fresh, ops: EnrollOp[], enrolled: Set<string>) =>
    ops.forEach((op, k) => {
      const row = batch[k]!.m.row;
      if (enrolled.has(op.member.id!)) report.created.push({ row, id: op.member.id! });
      // Enrolled meanwhile by someone else: the unique index on the blind index skipped it.
      else
        report.problems.push(
          problem(row, columnOf(table, 'nationalId'), 'nationalId', 'ENROLLED_MEANWHILE'),
        );
    });
  // A pipeline of two: batch i+1 is signed and sealed here while batch i's transaction runs
  // in the database, one transaction at a time (leaf order stays commit order).
  let writing: Promise<void> = Promise.resolve();
  for (let i = 0; i < fresh.length; i += size) {
    const batch = fresh.slice(i, i + size);
    const ops = await mapConcurrent(batch, ({ m, index }) =>
      enrollOp(deps, m, index, memberActor(actor, m), { tree, now, signerOf }),
    );
    await writing;
    writing = enrollMany(deps.db, ops).then((enrolled) => record(batch, ops, enrolled));
    writing.catch(() => {}); // awaited on the next turn or below; not an unhandled rejection meanwhile
  }
  await writing;
  report.imported = true;
  return finish(report, t0, report.created.length);
}

/** Imports an org tree (编码, 名称, 类型, 上级编码); each new org's key is certified by its parent. */
export async function importOrgs(
  deps: ServiceDeps,
  table: Table,
  opts: ImportOptions = {},
): Promise<ImportReport> {
  const tree = await loadTree(deps.db);
  const checked = checkOrgRows(table, tree);
  const report = baseReport('orgs', table, checked.problems, checked.invalidRows, opts);
  report.unchanged = checked.unchanged.map((r) => ({ row: r.row, id: r.id }));
  report.changed = checked.changed.map(({ row, fields }) => ({
    row: row.row,
    id: row.id,
    fields: fields.map((f) => ({
      ...f,
      column: ORG_COLUMNS.find((c) => c.field === f.field)!.headers[0]!,
    })),
  }));
  let valid = checked.valid;
  if (opts.scope) {
    const scope = opts.scope;
    const outside = valid.filter((r) => !underScope(tree, valid, r.parent, scope));
    for (const r of outside)
      report.problems.push(
        problem(r.row, '上级编码', 'parent', 'ORG_OUTSIDE', { value: r.parent }),
      );
    report.invalidRows += outside.length;
    valid = valid.filter((r) => !outside.includes(r));
  }
  if (!mayWrite(report, opts)) {
    report.created = valid.map((r) => ({ row: r.row, id: r.id }));
    return report;
  }
  const t0 = performance.now();
  for (const r of valid) {
    await addOrg(deps, { id: r.id, name: r.name, type: r.type, parent: r.parent });
    report.created.push({ row: r.row, id: r.id });
  }
  report.imported = true;
  return finish(report, t0, report.created.length);
}

function underScope(
  tree: ReadonlyMap<string, { parent: string | null }>,
  fileRows: readonly { id: string; parent: string }[],
  parent: string,
  scope: string,
): boolean {
  const inFile = new Map(fileRows.map((r) => [r.id, r.parent]));
  for (let at: string | null | undefined = parent, n = 0; at && n < 10_000; n++) {
    if (at === scope) return true;
    at = inFile.get(at) ?? tree.get(at)?.parent;
  }
  return false;
}

function memberActor(actor: { org?: string; officer: string }, m: MemberRow): Actor {
  return { org: actor.org ?? m.org, officer: actor.officer };
}

function columnOf(table: Table, field: string): string {
  const spec = MEMBER_COLUMNS.find((c) => c.field === field)!;
  const norm = (h: string) => h.replace(/\s+/g, '').toLowerCase();
  return (
    table.headers.find((h) => spec.headers.some((s) => norm(s) === norm(h))) ?? spec.headers[0]!
  );
}

function baseReport(
  kind: ImportReport['kind'],
  table: Table,
  problems: RowProblem[],
  invalidRows: number,
  opts: ImportOptions,
): ImportReport {
  return {
    kind,
    encoding: table.encoding,
    rows: table.rows.length,
    invalidRows,
    problems,
    created: [],
    unchanged: [],
    changed: [],
    imported: false,
    dryRun: opts.dryRun === true,
    ms: 0,
    perSecond: 0,
  };
}

/** Nothing is written on a dry run, nor when a row is invalid (or a column missing) without skipInvalid. */
function mayWrite(report: ImportReport, opts: ImportOptions): boolean {
  if (opts.dryRun) return false;
  const fileLevel = report.problems.some((p) => p.row === 1);
  return !fileLevel && (report.invalidRows === 0 || opts.skipInvalid === true);
}

function finish(report: ImportReport, t0: number, n: number): ImportReport {
  report.ms = Math.round(performance.now() - t0);
  report.perSecond = report.ms > 0 ? Math.round((n * 1000) / report.ms) : n;
  return report;
}
