/** @jsxImportSource hono/jsx */
import type { Context } from 'hono';
import type { AppEnv } from '../http/env.ts';
import { csvField } from '../service/csv.ts';

/** A cell: its text, and where it links in the page (CSV keeps only the text). */
export interface Cell {
  text: string;
  href?: string;
  num?: boolean;
}

/** One list, as both the page's table and the CSV export make it. */
export interface TableModel {
  headers: string[];
  rows: Cell[][];
}

export function DenseTable(props: { model: TableModel; caption: string; empty: string }) {
  const { model } = props;
  if (model.rows.length === 0) return <p class="muted">{props.empty}</p>;
  return (
    <div class="scroll">
      <table class="dense">
        <caption class="muted">{props.caption}</caption>
        <thead>
          <tr>
            {model.headers.map((h) => (
              <th scope="col">{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {model.rows.map((row) => (
            <tr>
              {row.map((cell) => (
                <td class={cell.num ? 'num' : undefined}>
                  {cell.href ? <a href={cell.href}>{cell.text}</a> : cell.text}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * RFC 4180 CSV with a UTF-8 BOM (Excel on Chinese Windows reads UTF-8 only
 * with it) and CRLF lines, each cell guarded against formula injection (csvField).
 */
export function toCsv(model: TableModel): string {
  const lines = [model.headers, ...model.rows.map((r) => r.map((c) => c.text))].map((r) =>
    r.map(csvField).join(','),
  );
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

export function csvResponse(c: Context<AppEnv>, filename: string, model: TableModel): Response {
  return c.body(toCsv(model), 200, {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="${filename}"`,
    'Cache-Control': 'no-store',
  });
}
