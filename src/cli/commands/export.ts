import { writeFileSync } from 'node:fs';
import { z } from 'zod';
import { LABELS, t } from '../../i18n/messages.ts';
import { exportBundle } from '../../service/bundle.ts';
import { defineCommand } from '../command.ts';
import { withStore } from '../context.ts';
import { DATA, DATA_INPUT, given } from '../inputs.ts';

export const command = defineCommand({
  name: 'export',
  args: [{ key: 'member', hint: 'MID' }],
  flags: { out: { type: 'string', hint: 'bundle.json' }, ...DATA },
  input: z.object({ ...DATA_INPUT, member: given, out: given }),
  run: (f, cli) =>
    withStore(cli, { data: f.data }, async ({ deps }) => {
      const bundle = await exportBundle(deps, f.member);
      writeFileSync(f.out, `${JSON.stringify(bundle, null, 2)}\n`);
      cli.out(`${t(LABELS, 'wrote', cli.lang)} ${f.out}`);
      return 0;
    }),
});
