import { z } from 'zod';
import { defineCommand } from '../command.ts';
import { runDuesTemplate } from '../dues.ts';
import { DATA, DATA_INPUT, given } from '../inputs.ts';

export const command = defineCommand({
  name: 'dues template',
  flags: {
    org: { type: 'string', hint: 'ID' },
    month: { type: 'string', hint: 'YYYY-MM' },
    out: { type: 'string', hint: 'FILE.csv|FILE.xlsx' },
    ...DATA,
  },
  input: z.object({ ...DATA_INPUT, org: given, month: given, out: given }),
  run: runDuesTemplate,
});
