import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { LABELS, t } from '../../i18n/messages.ts';
import { initInstallation } from '../../service/orgs.ts';
import { defineCommand } from '../command.ts';
import { withStore } from '../context.ts';
import { DATA, DATA_INPUT, maybe } from '../inputs.ts';

export const command = defineCommand({
  name: 'init',
  flags: {
    ...DATA,
    'root-id': { type: 'string', hint: 'ID' },
    'root-name': { type: 'string', hint: 'NAME' },
    keys: { type: 'string', hint: 'DIR' },
  },
  input: z.object({ ...DATA_INPUT, rootId: maybe, rootName: maybe, keys: maybe }),
  run: (f, cli) =>
    withStore(cli, { data: f.data, create: true }, async ({ deps }) => {
      const { rootId, rootJwk: jwk } = await initInstallation(deps, {
        id: f.rootId ?? 'root',
        name: f.rootName ?? '党委组织部',
      });
      const file = resolve(f.keys ?? 'keys', 'root.jwk');
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, `${JSON.stringify(jwk, null, 2)}\n`);
      cli.out(`root ${rootId} kid ${jwk.kid}\n${t(LABELS, 'wrote', cli.lang)} ${file}`);
      return 0;
    }),
});
