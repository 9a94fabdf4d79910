/**
 * `pmcert report accept` and `report return` (src/cli/commands/report-accept.ts,
 * report-return.ts): one body, the parent's review of a child's newest filed
 * version, signed by the parent. --org is the child; a return needs --reason.
 */
import { z } from 'zod';
import { say } from '../i18n/messages.ts';
import { reviewFiling } from '../service/filings.ts';
import { defineCommand, type Command } from './command.ts';
import { withStore } from './context.ts';
import { given } from './inputs.ts';
import {
  OFFICER_FLAG,
  OFFICER_INPUT,
  REPORT_FLAGS,
  REPORT_INPUT,
  withReportErrors,
} from './report.ts';

const REVIEWS = {
  accepted: { name: 'report accept', done: ['已接收', 'accepted'] },
  returned: { name: 'report return', done: ['已退回', 'returned'] },
} as const;

/** The command of one review action: `export const command = reviewCommand('accepted')`. */
export function reviewCommand(action: keyof typeof REVIEWS): Command {
  const { name, done } = REVIEWS[action];
  const returning = action === 'returned';
  return defineCommand({
    name,
    flags: {
      ...REPORT_FLAGS,
      ...(returning ? { reason: { type: 'string', hint: 'TEXT' } } : {}),
      ...OFFICER_FLAG,
    },
    input: z.object({ ...REPORT_INPUT, ...OFFICER_INPUT, ...(returning ? { reason: given } : {}) }),
    run: (f, cli) =>
      withReportErrors(cli, () =>
        withStore(cli, { data: f.data }, async ({ deps }) => {
          const reason = (f as { reason?: string }).reason;
          const signed = await reviewFiling(deps, {
            child: f.org,
            year: f.year,
            action,
            ...(reason === undefined ? {} : { reason }),
            officer: f.officer,
          });
          cli.out(`${say(cli.lang, done[0], done[1])}: ${signed.hash}`);
          return 0;
        }),
      ),
  });
}
