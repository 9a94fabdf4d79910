import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { problemLine } from '../import/problems.ts';
import { ERROR_TITLES, LABELS, t } from '../i18n/messages.ts';
import { PmcError } from '../errors.ts';
import { importMembers, importOrgs, readTable, type ImportReport } from '../service/import.ts';
import { checkKek } from '../service/orgs.ts';
import { openContext, type CliEnv } from './context.ts';

const USAGE = `pmcert import members FILE [--dry-run] [--skip-invalid] [--as ORG] [--json]
pmcert import orgs FILE [--dry-run] [--skip-invalid] [--json]

  FILE: .csv (UTF-8, with or without BOM, or GBK/GB 18030 as Excel saves it) or .xlsx.
  members: 姓名, 性别, 民族, 出生日期, 公民身份号码, 入党日期, 转正日期, 党员类别, 人员类别, 是否干部, 所在党组织 (the org's 编码)
  orgs:    编码, 名称, 类型 (党委/党总支/党支部/党小组), 上级编码
  Every row is checked first; nothing is written when a row is invalid unless --skip-invalid.
  A member already enrolled (same national ID) or an org with the same 编码 is not written
  again; how it differs from the file is reported. Exit 0 written (or a clean dry run), 2 otherwise.`;

/** `pmcert import members|orgs FILE`: checks, reports by row and column, then writes. */
export async function runImport(argv: string[], cli: CliEnv): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        data: { type: 'string' },
        'dry-run': { type: 'boolean' },
        'skip-invalid': { type: 'boolean' },
        as: { type: 'string' },
        officer: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    cli.err(`${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const {
    values: f,
    positionals: [what, file],
  } = parsed;
  if (f.help) {
    cli.out(USAGE);
    return 0;
  }
  if ((what !== 'members' && what !== 'orgs') || !file) {
    cli.err(USAGE);
    return 2;
  }
  const opened = await openContext(cli, { data: f.data }).catch((err: Error) => err);
  if (opened instanceof Error) {
    cli.err(`${t(LABELS, 'error', cli.lang)}: ${opened.message}`);
    return 2;
  }
  try {
    await checkKek(opened.deps);
    const table = await readTable(new Uint8Array(readFileSync(file)));
    const opts = { dryRun: f['dry-run'] === true, skipInvalid: f['skip-invalid'] === true };
    const report =
      what === 'members'
        ? await importMembers(
            opened.deps,
            table,
            {
              ...(f.as ? { org: f.as } : {}),
              officer: f.officer ?? cli.env.PMC_OFFICER ?? `cli:${user()}`,
            },
            opts,
          )
        : await importOrgs(opened.deps, table, opts);
    if (f.json) cli.out(JSON.stringify(report, null, 2));
    else printReport(report, cli);
    return report.imported || (report.dryRun && report.invalidRows === 0) ? 0 : 2;
  } catch (err) {
    const label = t(LABELS, 'error', cli.lang);
    if (err instanceof PmcError)
      cli.err(`${label} [${err.code}]: ${t(ERROR_TITLES, err.code, cli.lang)} — ${err.message}`);
    else cli.err(`${label}: ${err instanceof Error ? err.message : String(err)}`);
    return 2;
  } finally {
    await opened.store.close();
  }
}

function printReport(r: ImportReport, cli: CliEnv): void {
  const zh = cli.lang === 'zh';
  for (const p of r.problems) cli.err(problemLine(p, cli.lang));
  for (const c of r.changed) {
    const fields = c.fields.map((f) => `${f.column} ${f.was} → ${f.now}`).join('; ');
    cli.err(
      zh
        ? `第 ${c.row} 行：与已登记的 ${c.id} 不同：${fields}（未覆盖，请用更正签注）`
        : `row ${c.row}: differs from ${c.id} on record: ${fields} (not overwritten; use a correction)`,
    );
  }
  const what = r.kind === 'members' ? (zh ? '名党员' : 'members') : zh ? '个组织' : 'organisations';
  const verdict = r.imported
    ? zh
      ? `已导入 ${r.created.length} ${what}（${r.ms} ms，每秒 ${r.perSecond}）`
      : `imported ${r.created.length} ${what} (${r.ms} ms, ${r.perSecond}/s)`
    : r.dryRun
      ? zh
        ? `试运行：将导入 ${r.created.length} ${what}，未写入`
        : `dry run: would import ${r.created.length} ${what}; nothing written`
      : zh
        ? `有 ${r.invalidRows} 行有误，未导入任何数据（可用 --skip-invalid 跳过错误行）`
        : `${r.invalidRows} rows are invalid: nothing imported (--skip-invalid imports the others)`;
  cli.out(
    zh
      ? `${r.rows} 行（${r.encoding}）：有误 ${r.invalidRows}，已存在且相同 ${r.unchanged.length}，已存在但不同 ${r.changed.length}。${verdict}`
      : `${r.rows} rows (${r.encoding}): ${r.invalidRows} invalid, ${r.unchanged.length} already on record, ${r.changed.length} on record but different. ${verdict}`,
  );
}

function user(): string {
  try {
    return userInfo().username;
  } catch {
    return 'admin';
  }
}
