import { z } from 'zod';
import { rotateOrgKey } from '../../service/keys.ts';
import { defineCommand } from '../command.ts';
import { withStore } from '../context.ts';
import { DATA, DATA_INPUT, given } from '../inputs.ts';

export const command = defineCommand({
  name: 'keys rotate',
  flags: { org: { type: 'string', hint: 'ID' }, ...DATA },
  input: z.object({ ...DATA_INPUT, org: given }),
  run: (f, cli) =>
    withStore(cli, { data: f.data }, async ({ deps }) => {
      cli.out((await rotateOrgKey(deps, f.org)).kid);
      return 0;
    }),
});
