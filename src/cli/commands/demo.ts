import { z } from 'zod';
import { defineCommand } from '../command.ts';
import { withStore } from '../context.ts';
import { runDemo } from '../demo.ts';
import { DATA, DATA_INPUT } from '../inputs.ts';

export const command = defineCommand({
  name: 'demo',
  flags: { ...DATA },
  input: z.object({ ...DATA_INPUT }),
  run: (f, cli) => withStore(cli, { data: f.data, create: true }, (opened) => runDemo(opened, cli)),
});
