import { z } from 'zod';
import { keysOf } from '../../store/queries.ts';
import { defineCommand } from '../command.ts';
import { withStore } from '../context.ts';
import { DATA, DATA_INPUT } from '../inputs.ts';

export const command = defineCommand({
  name: 'keys list',
  flags: { ...DATA },
  input: z.object({ ...DATA_INPUT }),
  run: (f, cli) =>
    withStore(cli, { data: f.data }, async ({ deps }) => {
      for (const k of await keysOf(deps.db)) {
        const revoked = k.revokedAt ? `revoked ${k.revokedAt.toISOString()}` : '';
        cli.out(
          `${k.orgId}\t${k.kid}\t${k.notBefore.toISOString()}\t${k.expiresAt.toISOString()}\t${revoked}`,
        );
      }
      return 0;
    }),
});
