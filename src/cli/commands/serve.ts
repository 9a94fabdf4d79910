import { z } from 'zod';
import { defineCommand } from '../command.ts';
import { DATA, DATA_INPUT, maybe, on } from '../inputs.ts';
import { runServe } from '../serve.ts';

const inRange = (name: string, min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, `${name} is a whole number`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `must be ${min}-${max}`);

export const command = defineCommand({
  name: 'serve',
  flags: {
    demo: { type: 'boolean' },
    port: { type: 'string', hint: 'N' },
    host: { type: 'string', hint: 'ADDR' },
    workers: { type: 'string', hint: 'N' },
    ...DATA,
  },
  input: z.object({
    ...DATA_INPUT,
    demo: on,
    port: inRange('--port', 0, 65535).optional(),
    host: maybe,
    workers: inRange('--workers', 1, 64).optional(),
  }),
  run: runServe,
});
