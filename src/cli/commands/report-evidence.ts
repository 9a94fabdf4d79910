import { writeFileSync } from 'node:fs';
import { z } from 'zod';
import { say } from '../../i18n/messages.ts';
import { filingEvidence } from '../../service/filing-evidence.ts';
import { defineCommand } from '../command.ts';
import { withStore } from '../context.ts';
import { given } from '../inputs.ts';
import { REPORT_FLAGS, REPORT_INPUT, withReportErrors } from '../report.ts';

export const command = defineCommand({
  name: 'report evidence',
  flags: { ...REPORT_FLAGS, out: { type: 'string', hint: 'FILE.json' } },
  input: z.object({ ...REPORT_INPUT, out: given }),
  run: (f, cli) =>
    withReportErrors(cli, () =>
      withStore(cli, { data: f.data }, async ({ deps }) => {
        const ev = await filingEvidence(deps, f.org, f.year);
        writeFileSync(f.out, JSON.stringify(ev));
        cli.out(`${say(cli.lang, '已写入', 'wrote')} ${f.out} (${ev.members.length})`);
        return 0;
      }),
    ),
});
