/**
 * The dues table as XLSX (exceljs, loaded on first use so a runtime that
 * never reads a workbook does not load it). Same columns and headers as the
 * CSV (src/service/dues-table.ts); used by the CLI and the 党费 page.
 */
import type { CellValue } from 'exceljs';
import type { DuesRow } from '../domain/dues-record.ts';
import { InvalidInput } from '../errors.ts';
import type { DuesTemplateRow } from './dues.ts';
import { DUES_COLUMNS, rowsFromRecords } from './dues-table.ts';

/** The template as an XLSX workbook: one sheet, headers bold, every cell text (so 40.00 stays 40.00). */
export async function duesXlsx(
  rows: readonly DuesTemplateRow[],
  sheet = '党费',
): Promise<Uint8Array> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheet);
  ws.columns = DUES_COLUMNS.map((c) => ({
    header: c.zh,
    key: c.key,
    width: c.key === 'name' ? 12 : 16,
    style: { numFmt: '@' },
  }));
  ws.getRow(1).font = { bold: true };
  for (const r of rows) ws.addRow(r);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** Rows of the first sheet, numbered as Excel shows them; a number cell is read back as 元 with two decimals. */
export async function rowsFromXlsx(bytes: Uint8Array): Promise<DuesRow[]> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (err) {
    throw new InvalidInput('file', `not an XLSX workbook: ${(err as Error).message}`);
  }
  const ws = wb.worksheets[0];
  if (!ws) throw new InvalidInput('file', 'the workbook has no sheet');
  const records: string[][] = [];
  const width = ws.columnCount;
  for (let r = 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const rec: string[] = [];
    for (let c = 1; c <= width; c++) rec.push(cellText(row.getCell(c).value));
    records.push(rec);
  }
  return rowsFromRecords(records);
}

function cellText(v: CellValue): string {
  if (v === null || v === undefined) return '';
  // A number typed into a cell is read as its shortest decimal text (40.5 → "40.5"), never rounded:
  // parseYuan then takes it to fen or refuses it, with no float arithmetic on money.
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return v;
  if (v instanceof Date) return v.toISOString().slice(0, 7);
  if (typeof v === 'object' && 'richText' in v) return v.richText.map((t) => t.text).join('');
  if (typeof v === 'object' && 'result' in v) return cellText(v.result as CellValue);
  if (typeof v === 'object' && 'text' in v) return String(v.text);
  return String(v);
}
