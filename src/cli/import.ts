import { readFileSync } from 'node:fs';
import { problemLine } from '../import/problems.ts';
import { ERROR_TITLES, LABELS, t } from '../i18n/messages.ts';
import { PmcError } from '../errors.ts';
import { importMembers, importOrgs, readTable, type ImportReport } from '../service/import.ts';
import { checkKek } from '../service/orgs.ts';
import { officerOf, openContext, type CliEnv } from './context.ts';

export interface ImportInput {
  what: 'members' | 'orgs';
  file: string;
  data?: string | undefined;
  dryRun: boolean;
  skipInvalid: boolean;
  as?: string | undefined;
  officer?: string | undefined;
  json: boolean;
}

/** `pmcert import members|orgs FILE`: checks, reports by row and column, then writes. */
export async function runImport(f: ImportInput, cli: CliEnv): Promise<number> {
  const { what, file } = f;
  const opened = await openContext(cli, { data: f.data }).catch((err: Error) => err);
  if (opened instanceof Error) {
    cli.err(`${t(LABELS, 'error', cli.lang)}: ${opened.message}`);
    return 2;
  }
  try {
    await checkKek(opened.deps);
    const table = await readTable(new Uint8Array(readFileSync(file)));
    const opts = { dryRun: f.dryRun, skipInvalid: f.skipInvalid };
    const report =
      what === 'members'
        ? await importMembers(
            opened.deps,
            table,
            {
              ...(f.as ? { org: f.as } : {}),
              officer: officerOf(f.officer, cli),
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
