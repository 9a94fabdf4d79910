/**
 * The dues table as people exchange it: Chinese column headers, amounts in
 * 元 with two decimals, CSV in UTF-8 with a BOM (Excel on Chinese Windows
 * reads UTF-8 correctly only with one). The same columns as the XLSX
 * template (src/cli/dues-xlsx.ts). Plain text in and out: runs on Workers.
 */
import type { DuesRow, RowError } from '../domain/dues-record.ts';
import { InvalidInput } from '../errors.ts';
import { csvField, decodeCsvBytes } from '../import/table.ts';
import { DUES_ROW_TITLES, t } from '../i18n/messages.ts';
import type { DuesTemplateRow } from './dues.ts';

type Column = keyof DuesTemplateRow;

/** Columns in order: key, Chinese header (what the file carries), English header (also accepted on import). */
export const DUES_COLUMNS: readonly { key: Column; zh: string; en: string }[] = [
  { key: 'member', zh: '党员编号', en: 'member' },
  { key: 'name', zh: '姓名', en: 'name' },
  { key: 'month', zh: '所属月份', en: 'month' },
  { key: 'kind', zh: '交纳类别', en: 'kind' },
  { key: 'base', zh: '税后月收入（元）', en: 'base' },
  { key: 'standard', zh: '应交金额（元）', en: 'standard' },
  { key: 'amount', zh: '实交金额（元）', en: 'amount' },
  { key: 'replaces', zh: '更正行', en: 'replaces' },
];

/** The header a field is shown under, for error reports that name the column as the officer sees it. */
export function columnLabel(field: string, lang: 'zh' | 'en' = 'zh'): string {
  const c = DUES_COLUMNS.find((c) => c.key === field);
  return c ? c[lang] : field;
}

const BOM = '\uFEFF';

/**
 * The table as CSV text, BOM first, CRLF line ends (RFC 4180), each cell by csvField
 * (a name or note starting with = + - @ is not run as a formula).
 * @example writeFileSync('dues.csv', duesCsv(rows))
 */
export function duesCsv(rows: readonly DuesTemplateRow[]): string {
  const lines = [
    DUES_COLUMNS.map((c) => c.zh),
    ...rows.map((r) => DUES_COLUMNS.map((c) => r[c.key])),
  ];
  return BOM + lines.map((l) => l.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** RFC 4180 records: quoted fields may hold commas, quotes ("") and line breaks. */
export function parseCsvRecords(text: string): string[][] {
  const s = text.startsWith(BOM) ? text.slice(1) : text;
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (quoted) {
      if (ch === '"' && s[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      record.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && s[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += ch;
  }
  if (quoted) throw new InvalidInput('file', 'CSV ends inside a quoted field');
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}

/**
 * Rows of a table given as records (header first), numbered as a spreadsheet
 * shows them (the header is row 1). Blank lines are skipped; the header must
 * name the member and amount columns at least.
 */
export function rowsFromRecords(records: readonly (readonly string[])[]): DuesRow[] {
  const header = records[0];
  if (!header) throw new InvalidInput('file', 'the table is empty: no header row');
  const index = new Map<Column, number>();
  header.forEach((h, i) => {
    const name = h.trim();
    const c = DUES_COLUMNS.find((c) => c.zh === name || c.en === name);
    if (c) index.set(c.key, i);
  });
  for (const key of ['member', 'amount'] as const)
    if (!index.has(key))
      throw new InvalidInput('file', `the header has no column ${columnLabel(key)} (${key})`);
  const rows: DuesRow[] = [];
  records.slice(1).forEach((rec, i) => {
    if (rec.every((v) => v.trim() === '')) return;
    const get = (k: Column) => {
      const at = index.get(k);
      return at === undefined ? undefined : (rec[at] ?? '');
    };
    const row: DuesRow = { row: i + 2, member: get('member') ?? '' };
    for (const k of ['month', 'kind', 'base', 'amount', 'replaces'] as const) {
      const v = get(k);
      if (v !== undefined) row[k] = v;
    }
    rows.push(row);
  });
  return rows;
}

/** Rows of a CSV file (UTF-8, with or without a BOM). */
export const rowsFromCsv = (text: string): DuesRow[] => rowsFromRecords(parseCsvRecords(text));

/** Rows of CSV bytes as a file holds them: UTF-8 (with or without a BOM) or GB18030, as Excel on Chinese Windows saves “CSV”. */
export const rowsFromCsvBytes = (bytes: Uint8Array): DuesRow[] =>
  rowsFromCsv(decodeCsvBytes(bytes).text);

/** One line per refused row, naming the row and the column: `第 3 行 实交金额（元）：金额应为元… (detail)`. */
export function rowErrorText(
  e: Pick<RowError, 'row' | 'message'> & { field: string; reason: string },
  lang: 'zh' | 'en',
): string {
  const title = t(DUES_ROW_TITLES, e.reason, lang);
  return lang === 'zh'
    ? `第 ${e.row} 行 ${columnLabel(e.field, 'zh')}：${title}（${e.message}）`
    : `row ${e.row}, ${columnLabel(e.field, 'en')}: ${title} (${e.message})`;
}
