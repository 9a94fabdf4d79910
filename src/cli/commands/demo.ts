import { z } from 'zod';
import { defineCommand } from '../command.ts';
import { withStore } from '../context.ts';
import type { DemoScale } from '../../demo/bureau.ts';
import { say } from '../../i18n/messages.ts';
import { getSetting } from '../../store/queries.ts';
import type { CliEnv, Opened } from '../context.ts';
import { runDemo } from '../demo.ts';
import { ensureDemo } from '../serve.ts';
import { DATA, DATA_INPUT, on } from '../inputs.ts';

const whole = z.string().regex(/^\d+$/, 'a whole number').transform(Number);

export const command = defineCommand({
  name: 'demo',
  flags: {
    full: { type: 'boolean' },
    scale: { type: 'string' },
    seed: { type: 'string', hint: 'N' },
    bureaus: { type: 'string', hint: 'N' },
    ...DATA,
  },
  input: z.object({
    ...DATA_INPUT,
    full: on,
    scale: z.enum(['slice', 'bureau', 'national']).optional(),
    seed: whole.optional(),
    bureaus: whole.refine((n) => n >= 1 && n <= 1000, 'must be 1-1000').optional(),
  }),
  run: (f, cli) =>
    withStore(cli, { data: f.data, create: true }, (opened) => {
      const scale = f.scale ?? (f.full ? 'bureau' : undefined);
      return scale
        ? runDemoHistoryCommand(opened, { scale, seed: f.seed, bureaus: f.bureaus }, cli)
        : runDemo(opened, cli);
    }),
});

/**
 * `pmcert demo --full` / `--scale S`: a new installation holding the demo
 * bureau's three years of history (src/demo/bureau.ts, played by
 * src/service/demo-history.ts), then the demo logins as `npm start` makes them.
 */
export async function runDemoHistoryCommand(
  opened: Opened,
  opts: { scale: DemoScale; seed?: number | undefined; bureaus?: number | undefined },
  cli: CliEnv,
): Promise<number> {
  if (await getSetting(opened.deps.db, 'root_org')) {
    cli.err(
      say(
        cli.lang,
        `${opened.dataDir} 已有数据：演示历史只能写入新的数据目录（--data 新目录）`,
        `${opened.dataDir} holds data: the demo history goes into a new data dir (--data NEW_DIR)`,
      ),
    );
    return 2;
  }
  const lines = await ensureDemo(opened.deps, opened.dataDir, cli, {
    scale: opts.scale,
    ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
    ...(opts.bureaus !== undefined ? { bureaus: opts.bureaus } : {}),
  });
  for (const l of lines) cli.out(l);
  cli.out(
    say(
      cli.lang,
      `\n下一步: npx pmcert serve --data ${opened.dataDir}`,
      `\nnext: npx pmcert serve --data ${opened.dataDir}`,
    ),
  );
  return 0;
}
