import { z } from 'zod';
import { runBackup } from '../backup.ts';
import { defineCommand } from '../command.ts';
import { DATA, DATA_INPUT, given, maybe } from '../inputs.ts';

export const command = defineCommand({
  name: 'backup',
  args: [{ key: 'file', hint: 'FILE[.gz]' }],
  flags: { server: { type: 'string', hint: 'URL' }, ...DATA },
  input: z.object({ ...DATA_INPUT, file: given, server: maybe }),
  run: (f, cli) => runBackup('backup', f, cli),
});
