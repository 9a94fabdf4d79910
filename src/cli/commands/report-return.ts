import { z } from 'zod';
import { say } from '../../i18n/messages.ts';
import { reviewFiling } from '../../service/filings.ts';
import { defineCommand } from '../command.ts';
import { withStore } from '../context.ts';
import { given } from '../inputs.ts';
import {
  OFFICER_FLAG,
  OFFICER_INPUT,
  REPORT_FLAGS,
  REPORT_INPUT,
  withReportErrors,
} from '../report.ts';

/** --org is the child whose filing its parent returns, signed by the parent. */
export const command = defineCommand({
  name: 'report return',
  flags: {
    ...REPORT_FLAGS,
    reason: { type: 'string', hint: 'TEXT' },
    ...OFFICER_FLAG,
  },
  input: z.object({ ...REPORT_INPUT, ...OFFICER_INPUT, reason: given }),
  run: (f, cli) =>
    withReportErrors(cli, () =>
      withStore(cli, { data: f.data }, async ({ deps }) => {
        const signed = await reviewFiling(deps, {
          child: f.org,
          year: f.year,
          action: 'returned',
          reason: f.reason,
          officer: f.officer,
        });
        cli.out(`${say(cli.lang, '已退回', 'returned')}: ${signed.hash}`);
        return 0;
      }),
    ),
});
