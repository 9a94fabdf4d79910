import { z } from 'zod';
import { defineCommand } from '../command.ts';
import { withStore } from '../context.ts';
import { runFsck } from '../fsck.ts';
import { DATA, DATA_INPUT, on } from '../inputs.ts';

export const command = defineCommand({
  name: 'fsck',
  flags: { json: { type: 'boolean' }, ...DATA },
  input: z.object({ ...DATA_INPUT, json: on }),
  run: (f, cli) => withStore(cli, { data: f.data }, (opened) => runFsck(opened, cli, f.json)),
});
