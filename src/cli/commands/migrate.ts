import { z } from 'zod';
import { defineCommand } from '../command.ts';
import { DATA, DATA_INPUT, on } from '../inputs.ts';
import { runMigrate } from '../migrate.ts';

export const command = defineCommand({
  name: 'migrate',
  flags: { status: { type: 'boolean' }, ...DATA },
  input: z.object({ ...DATA_INPUT, status: on }),
  run: runMigrate,
});
