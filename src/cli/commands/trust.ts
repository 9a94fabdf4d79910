import { writeFileSync } from 'node:fs';
import { z } from 'zod';
import { signedTrustList, trustList } from '../../service/bundle.ts';
import { defineCommand } from '../command.ts';
import { withStore } from '../context.ts';
import { DATA, DATA_INPUT, maybe } from '../inputs.ts';

export const command = defineCommand({
  name: 'trust',
  flags: { out: { type: 'string', hint: 'trust.json|trust.jws' }, ...DATA },
  input: z.object({ ...DATA_INPUT, out: maybe }),
  run: (f, cli) =>
    withStore(cli, { data: f.data }, async ({ deps }) => {
      // `.jws`: the root-signed form, which a verifier checks with the root key alone.
      const text = f.out?.endsWith('.jws')
        ? `${await signedTrustList(deps)}\n`
        : `${JSON.stringify(await trustList(deps), null, 2)}\n`;
      if (f.out) writeFileSync(f.out, text);
      else cli.out(text);
      return 0;
    }),
});
