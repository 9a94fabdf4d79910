import { z } from 'zod';
import { say } from '../../i18n/messages.ts';
import { reviewFiling } from '../../service/filings.ts';
import { defineCommand } from '../command.ts';
import { withStore } from '../context.ts';

import {
  OFFICER_FLAG,
  OFFICER_INPUT,
  REPORT_FLAGS,
  REPORT_INPUT,
  withReportErrors,
} from '../report.ts';

/** --org is the child whose filing its parent accepts, signed by the parent. */
export const command = defineCommand({
  name: 'report accept',
  flags: {
    ...REPORT_FLAGS,
    ...OFFICER_FLAG,
  },
  input: z.object({ ...REPORT_INPUT, ...OFFICER_INPUT }),
  run: (f, cli) =>
    withReportErrors(cli, () =>
      withStore(cli, { data: f.data }, async ({ deps }) => {
        const signed = await reviewFiling(deps, {
          child: f.org,
          year: f.year,
          action: 'accepted',
          officer: f.officer,
        });
        cli.out(`${say(cli.lang, '已接收', 'accepted')}: ${signed.hash}`);
        return 0;
      }),
    ),
});
