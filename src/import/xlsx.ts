import type { Table, TableRow } from './table.ts';

/**
 * Reads the first worksheet of an XLSX file (exceljs) into a Table. Cells come
 * back as text the way the roster shows them: dates as YYYY-MM-DD (Excel
 * stores them as UTC midnight), rich text and formula results as their text,
 * and numbers too long to be exact (an ID typed into a number cell) in
 * exponent form, so that the check names the cause instead of a wrong digit.
 */
export async function readXlsx(bytes: Uint8Array): Promise<Table> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  if (!ws) return { headers: [], rows: [], encoding: 'xlsx' };
  const records: TableRow[] = [];
  ws.eachRow({ includeEmpty: false }, (r, n) => {
    const values = (r.values as unknown[]).slice(1);
    const cells = Array.from(values, cellText);
    if (cells.some((c) => c.trim() !== '')) records.push({ row: n, cells });
  });
  const [head, ...rows] = records;
  return { headers: (head?.cells ?? []).map((h) => h.trim()), rows, encoding: 'xlsx' };
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : v.toISOString().slice(0, 10);
  if (typeof v === 'number') return Number.isSafeInteger(v) ? String(v) : v.toExponential();
  if (typeof v === 'object') {
    const o = v as { text?: unknown; result?: unknown; richText?: { text: string }[] };
    if (o.richText) return o.richText.map((t) => t.text).join('');
    if (o.result !== undefined) return cellText(o.result);
    if (o.text !== undefined) return cellText(o.text);
    return '';
  }
  return String(v);
}

/** Writes headers and rows as an XLSX workbook (the template and the examples). */
export async function toXlsx(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  sheet = '花名册',
): Promise<Uint8Array> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheet);
  // Every column as text: an 18-digit ID in a number cell loses its last digits.
  ws.columns = headers.map((h) => ({ header: h, width: 14, style: { numFmt: '@' } }));
  for (const r of rows) ws.addRow([...r]);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
