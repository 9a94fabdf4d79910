import { z } from 'zod';
import { defineCommand } from '../command.ts';
import { runImport } from '../import.ts';
import { DATA, DATA_INPUT, given, maybe, on } from '../inputs.ts';

export const command = defineCommand({
  name: 'import',
  args: [
    { key: 'what', hint: 'members|orgs' },
    { key: 'file', hint: 'FILE.csv|FILE.xlsx' },
  ],
  flags: {
    'dry-run': { type: 'boolean' },
    'skip-invalid': { type: 'boolean' },
    as: { type: 'string', hint: 'ORG' },
    officer: { type: 'string', hint: 'ID' },
    json: { type: 'boolean' },
    ...DATA,
  },
  input: z.object({
    ...DATA_INPUT,
    what: z.enum(['members', 'orgs']),
    file: given,
    dryRun: on,
    skipInvalid: on,
    as: maybe,
    officer: maybe,
    json: on,
  }),
  run: runImport,
});
