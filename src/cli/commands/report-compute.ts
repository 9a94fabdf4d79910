import { z } from 'zod';
import { figuresForFiling } from '../../service/filings.ts';
import { defineCommand } from '../command.ts';
import { withStore } from '../context.ts';
import { on } from '../inputs.ts';
import { printFigures, REPORT_FLAGS, REPORT_INPUT, withReportErrors } from '../report.ts';

export const command = defineCommand({
  name: 'report compute',
  flags: { ...REPORT_FLAGS, json: { type: 'boolean' } },
  input: z.object({ ...REPORT_INPUT, json: on }),
  run: (f, cli) =>
    withReportErrors(cli, () =>
      withStore(cli, { data: f.data }, async ({ deps }) => {
        const { figures: ind } = await figuresForFiling(deps, f.org, f.year);
        if (f.json) cli.out(JSON.stringify(ind, null, 2));
        else printFigures(cli, ind);
        return 0;
      }),
    ),
});
