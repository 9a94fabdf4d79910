/**
 * The annual statistics as the paper table lays them out: one row per child
 * organisation (its filed figures, or the figures computed now when it has
 * not filed) and a row for the org itself, with table 1's balance columns
 * under merged group headers. XLSX (exceljs) and CSV (UTF-8 with a BOM, so
 * Excel on Chinese Windows opens it).
 */
import ExcelJS from 'exceljs';
import type { Figures } from '../domain/indicators.ts';
import { csvField } from '../import/table.ts';
import type { ServiceDeps } from './deps.ts';
import { figuresForFiling, filingPicture } from './filings.ts';
import { FILING_STATE_TITLES } from '../domain/filing.ts';

type Cell = (f: Figures) => number | string;

/** [group header, column header, value]: the layout of table 1 plus the year-end structure. */
const COLUMNS: [string, string, Cell][] = [
  ['年初', '上年末党员数', (f) => f.balance.opening],
  ['增加', '发展党员', (f) => f.balance.admitted],
  ['增加', '系统内转入', (f) => f.balance.transferredInInside],
  ['增加', '系统外转入', (f) => f.balance.transferredInOutside],
  ['增加', '恢复党籍', (f) => f.balance.restored],
  ['减少', '死亡', (f) => f.balance.died],
  ['减少', '出党', (f) => f.balance.left],
  ['减少', '转往系统内', (f) => f.balance.transferredOutInside],
  ['减少', '转往系统外', (f) => f.balance.transferredOutOutside],
  ['减少', '停止党籍', (f) => f.balance.stopped],
  ['年末', '应有党员数', (f) => f.balance.expectedClosing],
  ['年末', '实有党员数', (f) => f.balance.closing],
  ['年末', '差额', (f) => f.balance.difference],
  ['年末构成', '正式党员', (f) => f.structure.byCategory.full],
  ['年末构成', '预备党员', (f) => f.structure.byCategory.probationary],
  ['年末构成', '女党员', (f) => f.structure.women],
  ['年末构成', '少数民族', (f) => f.structure.ethnicMinorities],
  ['年末构成', '处级以上干部', (f) => f.structure.cadres],
  ['组织关系转接', '按期报到率', (f) => rate(f.transfers.onTimeRate)],
  ['组织关系转接', '年末在途', (f) => f.transfers.inTransitAtCutoff],
  ['组织关系转接', '逾期未报到', (f) => f.transfers.inTransitOverdue],
  ['证明信', '开具', (f) => f.temps.issued],
  ['证明信', '签回率', (f) => rate(f.temps.returnRate)],
];

const rate = (r: number | null): string => (r === null ? '' : `${(r * 100).toFixed(1)}%`);

export interface ExportRow {
  org: string;
  name: string;
  state: string;
  figures: Figures;
}

/** The rows of the table: each filing child, then the org itself. */
export async function filingTableRows(
  deps: ServiceDeps,
  org: string,
  year: number,
): Promise<ExportRow[]> {
  const picture = await filingPicture(deps, org, year);
  const rows: ExportRow[] = [];
  for (const node of [...picture.childrenOf(org), picture.tree.get(org)!]) {
    const s = picture.statusOf(node.id);
    let figures = s.figures;
    if (figures === undefined) {
      figures = (await figuresForFiling(deps, node.id, year)).figures;
    }
    rows.push({ org: node.id, name: node.name, state: FILING_STATE_TITLES[s.state].zh, figures });
  }
  return rows;
}

const HEAD = ['组织编码', '组织名称', '报送状态'];

/** CSV, UTF-8 with a BOM; the group header is folded into each column's name. */
export function filingCsv(rows: readonly ExportRow[]): string {
  const head = [...HEAD, ...COLUMNS.map(([g, c]) => `${g}·${c}`)];
  const lines = [
    head,
    ...rows.map((r) => [r.org, r.name, r.state, ...COLUMNS.map(([, , v]) => v(r.figures))]),
  ];
  return `\uFEFF${lines.map((l) => l.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

const csvCell = (v: unknown): string => csvField(String(v));

/** XLSX with the title row, merged group headers and one row per organisation. */
export async function filingXlsx(rows: readonly ExportRow[], title: string): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('党内统计');
  const width = HEAD.length + COLUMNS.length;
  ws.addRow([title]);
  ws.mergeCells(1, 1, 1, width);
  ws.getCell(1, 1).font = { bold: true, size: 14 };
  ws.getCell(1, 1).alignment = { horizontal: 'center' };
  ws.addRow([...HEAD, ...COLUMNS.map(([g]) => g)]);
  ws.addRow([...HEAD, ...COLUMNS.map(([, c]) => c)]);
  for (let i = 1; i <= HEAD.length; i++) ws.mergeCells(2, i, 3, i);
  // Merge runs of the same group header.
  let start = HEAD.length + 1;
  for (let col = start + 1; col <= width + 1; col++) {
    const prev = COLUMNS[start - HEAD.length - 1]![0];
    const here = COLUMNS[col - HEAD.length - 1]?.[0];
    if (here !== prev) {
      if (col - 1 > start) ws.mergeCells(2, start, 2, col - 1);
      start = col;
    }
  }
  for (const r of [2, 3]) {
    ws.getRow(r).font = { bold: true };
    ws.getRow(r).alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  }
  for (const r of rows) {
    ws.addRow([r.org, r.name, r.state, ...COLUMNS.map(([, , v]) => v(r.figures))]);
  }
  ws.getColumn(2).width = 24;
  ws.views = [{ state: 'frozen', xSplit: 2, ySplit: 3 }];
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
