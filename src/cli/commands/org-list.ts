import { z } from 'zod';
import { loadTree } from '../../store/queries.ts';
import { defineCommand } from '../command.ts';
import { withStore } from '../context.ts';
import { DATA, DATA_INPUT } from '../inputs.ts';

export const command = defineCommand({
  name: 'org list',
  flags: { ...DATA },
  input: z.object({ ...DATA_INPUT }),
  run: (f, cli) =>
    withStore(cli, { data: f.data }, async ({ deps }) => {
      const tree = await loadTree(deps.db);
      const print = (id: string, depth: number) => {
        const o = tree.get(id)!;
        cli.out(`${'  '.repeat(depth)}${o.id}  ${o.name}  (${o.type})`);
        [...tree.values()].filter((c) => c.parent === id).forEach((c) => print(c.id, depth + 1));
      };
      [...tree.values()].filter((o) => o.parent === null).forEach((o) => print(o.id, 0));
      return 0;
    }),
});
