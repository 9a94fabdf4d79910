import { fsck } from '../service/fsck.ts';
import type { CliEnv, Opened } from './context.ts';

/** `pmcert fsck [--json]`: exit 0 when everything re-verifies, 1 with each problem and its location otherwise. */
export async function runFsck({ deps }: Opened, cli: CliEnv, json: boolean): Promise<number> {
  const report = await fsck(deps);
  if (json) {
    cli.out(JSON.stringify(report, null, 2));
  } else {
    const { members, entries, objects, leaves, checkpoints } = report.checked;
    const zh = cli.lang === 'zh';
    cli.out(
      zh
        ? `已检查：党员 ${members}，签注记录 ${entries}，其他签名对象 ${objects}，日志叶子 ${leaves}，检查点 ${checkpoints}`
        : `checked: ${members} members, ${entries} entries, ${objects} other signed objects, ${leaves} log leaves, ${checkpoints} checkpoints`,
    );
    for (const p of report.problems) cli.out(`${zh ? '问题' : 'problem'}: ${p.where}: ${p.what}`);
    cli.out(
      report.problems.length === 0
        ? zh
          ? '全部通过'
          : 'all good'
        : `${report.problems.length} ${zh ? '个问题' : 'problems'}`,
    );
  }
  return report.problems.length === 0 ? 0 : 1;
}
