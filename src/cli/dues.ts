/**
 * `pmcert dues template --org ID --month YYYY-MM --out FILE.csv|xlsx` writes a
 * branch-month's prefilled table; `pmcert dues record --org ID --month YYYY-MM
 * --file FILE [--skip-invalid]` records it as one signed batch. A refused row
 * is reported with its row number and column; nothing is recorded while any
 * row is refused, unless --skip-invalid.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import { formatYuan } from '../domain/dues.ts';
import { InvalidInput, InvalidRows, PmcError } from '../errors.ts';
import { ERROR_TITLES, LABELS, say, t } from '../i18n/messages.ts';
import { duesTemplate, recordDues } from '../service/dues.ts';
import { duesCsv, rowErrorText, rowsFromCsv } from '../service/dues-table.ts';
import { checkKek } from '../service/orgs.ts';
import { openContext, type CliEnv, type Opened } from './context.ts';
import { duesXlsx, rowsFromXlsx } from './dues-xlsx.ts';

function formatOf(path: string): 'csv' | 'xlsx' {
  const ext = extname(path).toLowerCase();
  if (ext === '.csv') return 'csv';
  if (ext === '.xlsx') return 'xlsx';
  throw new InvalidInput('file', `${path}: a dues table is .csv or .xlsx`);
}

interface DuesInput {
  org: string;
  month: string;
  data?: string | undefined;
}

/** `pmcert dues template`: the branch-month's prefilled table, CSV or XLSX by the file's name. */
export const runDuesTemplate = (f: DuesInput & { out: string }, cli: CliEnv) =>
  withDuesErrors(cli, f.data, async ({ deps }) => {
    const rows = await duesTemplate(deps, f.org, f.month);
    writeFileSync(f.out, formatOf(f.out) === 'csv' ? duesCsv(rows) : await duesXlsx(rows));
    cli.out(
      say(cli.lang, `已写出 ${rows.length} 行：${f.out}`, `wrote ${rows.length} rows to ${f.out}`),
    );
    return 0;
  });

/** `pmcert dues record`: the filled table as one signed batch, or every refused row by number and column. */
export const runDuesRecord = (
  f: DuesInput & { file: string; officer?: string | undefined; skipInvalid: boolean },
  cli: CliEnv,
) =>
  withDuesErrors(cli, f.data, async ({ deps }) => {
    const bytes = readFileSync(f.file);
    const rows =
      formatOf(f.file) === 'csv' ? rowsFromCsv(bytes.toString('utf8')) : await rowsFromXlsx(bytes);
    const officer = f.officer ?? cli.env.PMC_OFFICER ?? 'cli';
    const r = await recordDues(
      deps,
      { org: f.org, month: f.month, rows, skipInvalid: f.skipInvalid },
      { org: f.org, officer },
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
  });

async function withDuesErrors(
  cli: CliEnv,
  data: string | undefined,
  fn: (opened: Opened) => Promise<number>,
): Promise<number> {
  let opened: Opened | undefined;
  try {
    opened = await openContext(cli, { data });
    await checkKek(opened.deps);
    return await fn(opened);
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
