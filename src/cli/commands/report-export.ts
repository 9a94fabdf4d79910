import { writeFileSync } from 'node:fs';
import { z } from 'zod';
import { say } from '../../i18n/messages.ts';
import { filingCsv, filingTableRows, filingXlsx } from '../../service/filing-export.ts';
import { defineCommand } from '../command.ts';
import { withStore } from '../context.ts';
import { REPORT_FLAGS, REPORT_INPUT, withReportErrors } from '../report.ts';

export const command = defineCommand({
  name: 'report export',
  flags: { ...REPORT_FLAGS, out: { type: 'string', hint: 'FILE.xlsx|FILE.csv' } },
  input: z.object({
    ...REPORT_INPUT,
    out: z.string().regex(/\.(xlsx|csv)$/, 'must end in .xlsx or .csv'),
  }),
  run: (f, cli) =>
    withReportErrors(cli, () =>
      withStore(cli, { data: f.data }, async ({ deps }) => {
        const rows = await filingTableRows(deps, f.org, f.year);
        writeFileSync(
          f.out,
          f.out.endsWith('.csv')
            ? filingCsv(rows)
            : await filingXlsx(rows, `${f.year} 年度党内统计 · ${f.org}`),
        );
        cli.out(`${say(cli.lang, '已写入', 'wrote')} ${f.out}`);
        return 0;
      }),
    ),
});
