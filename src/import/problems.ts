import { fill, IMPORT_TEXTS, type ImportCode } from '../i18n/messages.ts';

/**
 * One thing wrong with one cell (or, row 1, with the header): the row as a
 * spreadsheet numbers it, the column as the file spells it, the field as the
 * API spells it (`nationalId`), a stable code and the text in both languages.
 */
export interface RowProblem {
  row: number;
  column: string;
  field: string;
  code: string;
  zh: string;
  en: string;
}

export function problem(
  row: number,
  column: string,
  field: string,
  code: ImportCode,
  vars: Record<string, string | number> = {},
): RowProblem {
  const text = IMPORT_TEXTS[code];
  return { row, column, field, code, zh: fill(text.zh, vars), en: fill(text.en, vars) };
}

/** A report line: `第 5 行「公民身份号码」：…` / `row 5, 公民身份号码: …`. */
export function problemLine(p: RowProblem, lang: 'zh' | 'en'): string {
  return lang === 'zh'
    ? `第 ${p.row} 行「${p.column}」：${p.zh}`
    : `row ${p.row}, ${p.column} (${p.field}): ${p.en}`;
}

/** A file's columns: each field, the headers it may have (Chinese first), whether required. */
export interface ColumnSpec<F extends string> {
  field: F;
  headers: readonly string[];
  required?: boolean;
}

/** Finds each field's column; the missing required ones are row-1 problems. */
export function mapColumns<F extends string>(
  headers: readonly string[],
  specs: readonly ColumnSpec<F>[],
): { index: Map<F, number>; columnOf: (f: F) => string; problems: RowProblem[] } {
  const norm = (h: string) =>
    h
      .replace(/\s+/g, '')
      .replace(/[（(].*[)）]$/, '')
      .toLowerCase();
  const at = new Map(headers.map((h, i) => [norm(h), i] as const));
  const index = new Map<F, number>();
  const problems: RowProblem[] = [];
  for (const s of specs) {
    const i = s.headers.map((h) => at.get(norm(h))).find((x) => x !== undefined);
    if (i !== undefined) index.set(s.field, i);
    else if (s.required)
      problems.push(
        problem(1, s.headers[0]!, s.field, 'MISSING_COLUMN', { column: s.headers[0]! }),
      );
  }
  const columnOf = (f: F) => {
    const i = index.get(f);
    return i !== undefined ? headers[i]! : specs.find((s) => s.field === f)!.headers[0]!;
  };
  return { index, columnOf, problems };
}

/** Dates as rosters write them: 2001-07-01, 2001/7/1, 2001.07.01, 20010701, 2001年7月1日. */
export function normaliseDate(s: string): string | undefined {
  const t = s.trim();
  const m =
    /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(t) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  if (!m) return undefined;
  return `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
}
