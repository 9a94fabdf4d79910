import { z } from 'zod';
import { defineCommand } from '../command.ts';
import { runDuesRecord } from '../dues.ts';
import { DATA, DATA_INPUT, given, maybe, on } from '../inputs.ts';

export const command = defineCommand({
  name: 'dues record',
  flags: {
    org: { type: 'string', hint: 'ID' },
    month: { type: 'string', hint: 'YYYY-MM' },
    file: { type: 'string', hint: 'FILE.csv|FILE.xlsx' },
    'skip-invalid': { type: 'boolean' },
    officer: { type: 'string', hint: 'ID' },
    ...DATA,
  },
  input: z.object({
    ...DATA_INPUT,
    org: given,
    month: given,
    file: given,
    skipInvalid: on,
    officer: maybe,
  }),
  run: runDuesRecord,
});
