import { z } from 'zod';
import { ORG_TYPES } from '../../domain/types.ts';
import { addOrg } from '../../service/orgs.ts';
import { defineCommand } from '../command.ts';
import { withStore } from '../context.ts';
import { DATA, DATA_INPUT, given } from '../inputs.ts';

export const command = defineCommand({
  name: 'org add',
  flags: {
    id: { type: 'string', hint: 'ID' },
    name: { type: 'string', hint: 'NAME' },
    type: { type: 'string' },
    parent: { type: 'string', hint: 'PID' },
    ...DATA,
  },
  input: z.object({
    ...DATA_INPUT,
    id: given,
    name: given,
    // The root is made by init, never added.
    type: z.enum(ORG_TYPES.filter((t) => t !== 'root')),
    parent: given,
  }),
  run: (f, cli) =>
    withStore(cli, { data: f.data }, async ({ deps }) => {
      const org = await addOrg(deps, { id: f.id, name: f.name, type: f.type, parent: f.parent });
      cli.out(org.id);
      return 0;
    }),
});
