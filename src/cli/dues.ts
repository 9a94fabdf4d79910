/**
 * `pmcert dues template --org ID --month YYYY-MM --out FILE.csv|xlsx` writes a
 * branch-month's prefilled table; `pmcert dues record --org ID --month YYYY-MM
 * --file FILE [--skip-invalid]` records it as one signed batch. A refused row
 * is reported with its row number and column; nothing is recorded while any
 * row is refused, unless --skip-invalid.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parseArgs } from 'node:util';
import { formatYuan } from '../domain/dues.ts';
import { InvalidInput, InvalidRows, PmcError } from '../errors.ts';
import { ERROR_TITLES, LABELS, say, t } from '../i18n/messages.ts';
import { duesTemplate, recordDues } from '../service/dues.ts';
import { duesCsv, rowErrorText, rowsFromCsv } from '../service/dues-table.ts';
import { checkKek } from '../service/orgs.ts';
import { openContext, type CliEnv, type Opened } from './context.ts';
import { duesXlsx, rowsFromXlsx } from './dues-xlsx.ts';

const OPTIONS = {
  data: { type: 'string' },
  org: { type: 'string' },
  month: { type: 'string' },
  out: { type: 'string' },
  file: { type: 'string' },
  officer: { type: 'string' },
  'skip-invalid': { type: 'boolean' },
} as const;

const need = (v: string | undefined, field: string): string => {
  if (v === undefined || v === '') throw new InvalidInput(field, `--${field} is required`);
  return v;
};

function formatOf(path: string): 'csv' | 'xlsx' {
  const ext = extname(path).toLowerCase();
  if (ext === '.csv') return 'csv';
  if (ext === '.xlsx') return 'xlsx';
  throw new InvalidInput('file', `${path}: a dues table is .csv or .xlsx`);
}

export async function runDues(argv: string[], cli: CliEnv): Promise<number> {
  let opened: Opened | undefined;
  try {
    const { values: f, positionals } = parseArgs({
      args: argv,
      options: OPTIONS,
      allowPositionals: true,
      strict: true,
    });
    const sub = positionals[0];
    if (sub !== 'template' && sub !== 'record')
      throw new InvalidInput('command', 'dues template | dues record');
    const org = need(f.org, 'org');
    const month = need(f.month, 'month');
    opened = await openContext(cli, { data: f.data });
    await checkKek(opened.deps);
    const { deps } = opened;
    if (sub === 'template') {
      const out = need(f.out, 'out');
      const rows = await duesTemplate(deps, org, month);
      writeFileSync(out, formatOf(out) === 'csv' ? duesCsv(rows) : await duesXlsx(rows));
      cli.out(
        say(cli.lang, `已写出 ${rows.length} 行：${out}`, `wrote ${rows.length} rows to ${out}`),
      );
      return 0;
    }
    const file = need(f.file, 'file');
    const bytes = readFileSync(file);
    const rows =
      formatOf(file) === 'csv' ? rowsFromCsv(bytes.toString('utf8')) : await rowsFromXlsx(bytes);
    const officer = f.officer ?? cli.env.PMC_OFFICER ?? 'cli';
    const r = await recordDues(
      deps,
      { org, month, rows, skipInvalid: f['skip-invalid'] === true },
      { org, officer },
    );
    for (const e of r.skipped)
      cli.err(`${say(cli.lang, '已跳过', 'skipped')}: ${rowErrorText(e, cli.lang)}`);
    cli.out(
      r.batch === null
        ? say(cli.lang, '没有可记录的行', 'no valid row to record')
        : say(
            cli.lang,
            `已记录 ${r.batch}：${r.lines} 行，合计 ${formatYuan(r.totalFen)} 元，签名 ${r.signatures} 次，日志叶子 ${r.leafIndex}`,
            `recorded ${r.batch}: ${r.lines} lines, total ${formatYuan(r.totalFen)} 元, ${r.signatures} signature, log leaf ${r.leafIndex}`,
          ),
    );
    return 0;
  } catch (err) {
    if (err instanceof InvalidRows) {
      for (const e of err.rows)
        cli.err(`${t(LABELS, 'error', cli.lang)}: ${rowErrorText(e, cli.lang)}`);
      cli.err(
        say(
          cli.lang,
          `${err.rows.length} 行有误，未记录任何内容（--skip-invalid 可只记录正确的行）`,
          `${err.rows.length} row(s) invalid; nothing recorded (--skip-invalid records the valid rows)`,
        ),
      );
    } else if (err instanceof PmcError) {
      const field = err.field ? ` (${t(LABELS, 'field', cli.lang)} ${err.field})` : '';
      cli.err(
        `${t(LABELS, 'error', cli.lang)} [${err.reason ?? err.code}]${field}: ${t(ERROR_TITLES, err.code, cli.lang)} — ${err.message}`,
      );
    } else {
      cli.err(
        `${t(LABELS, 'error', cli.lang)}: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
    return 2;
  } finally {
    await opened?.store.close();
  }
}
