import { z } from 'zod';
import { say } from '../../i18n/messages.ts';
import { pullFilings } from '../../service/filing-verdict.ts';
import { defineCommand } from '../command.ts';
import { withStore } from '../context.ts';
import { on } from '../inputs.ts';
import { REPORT_FLAGS, REPORT_INPUT, withReportErrors } from '../report.ts';

export const command = defineCommand({
  name: 'report pull',
  flags: { ...REPORT_FLAGS, json: { type: 'boolean' } },
  input: z.object({ ...REPORT_INPUT, json: on }),
  run: (f, cli) =>
    withReportErrors(cli, () =>
      withStore(cli, { data: f.data }, async ({ deps }) => {
        const pull = await pullFilings(deps, f.org, f.year);
        if (f.json) {
          cli.out(JSON.stringify(pull, null, 2));
          return 0;
        }
        for (const c of [...pull.children, pull.own]) {
          const v = c.verdict;
          const verdict =
            v === null
              ? '-'
              : v.ok
                ? say(cli.lang, '核验通过', 'verified')
                : say(cli.lang, '核验不通过', 'FAILED');
          cli.out(
            `${c.org}\t${c.name}\t${c.stateTitle[cli.lang]}\tv${c.version}\t${c.filedAt ?? '-'}\t${c.late ? say(cli.lang, '迟报', 'late') : ''}\t${verdict}`,
          );
          for (const d of v?.figures ?? []) cli.out(`  ${d.path}: ${d.filed} ≠ ${d.recomputed}`);
          for (const d of v?.stored ?? [])
            cli.out(`  ${say(cli.lang, '库中数据被改', 'stored')} ${d.path}`);
          for (const b of v?.backdated ?? [])
            cli.out(
              `  ${say(cli.lang, '倒签', 'backdated')} ${b.member}#${b.seq} ${b.kind} ${b.issuedAt}`,
            );
        }
        const r = pull.rate;
        cli.out(
          say(
            cli.lang,
            `应报 ${r.expected}，已报 ${r.filed}，按时 ${r.onTime}`,
            `expected ${r.expected}, filed ${r.filed}, on time ${r.onTime}`,
          ),
        );
        return 0;
      }),
    ),
});
