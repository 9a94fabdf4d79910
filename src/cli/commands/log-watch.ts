import { z } from 'zod';
import { defineCommand } from '../command.ts';
import { given, maybe } from '../inputs.ts';
import { runLogWatch } from '../log-watch.ts';

const whole = z.string().regex(/^\d+$/, 'a whole number').transform(Number);
const seconds = z
  .string()
  .regex(/^\d+(\.\d+)?$/, 'seconds, e.g. 60')
  .transform(Number);

export const command = defineCommand({
  name: 'log watch',
  args: [{ key: 'url', hint: 'URL' }],
  flags: {
    root: { type: 'string', hint: 'keys/root.jwk' },
    vkey: { type: 'string', hint: 'VKEY' },
    state: { type: 'string', hint: 'FILE' },
    interval: { type: 'string', hint: 'SECONDS' },
    count: { type: 'string', hint: 'N' },
  },
  input: z
    .object({
      url: given,
      root: maybe,
      vkey: maybe,
      state: z.string().default('witness-state.json'),
      interval: seconds.default(0),
      count: whole.optional(),
    })
    // The log key comes from the root-signed trust list, or is given.
    .refine((f) => f.root !== undefined || f.vkey !== undefined, {
      path: ['root'],
      message: 'root_or_vkey',
    }),
  run: runLogWatch,
});
