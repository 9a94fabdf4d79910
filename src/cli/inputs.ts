/** Zod atoms and flags shared by the command files (src/cli/commands). */
import { z } from 'zod';

/** A required string flag or argument: present and not empty. */
export const given = z.string().min(1);
export const maybe = z.string().optional();
/** A switch: absent is false. */
export const on = z.boolean().default(false);
export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
export const year = z
  .string()
  .regex(/^\d{4}$/, 'a year, e.g. 2026')
  .transform(Number);

/** `--data DIR`, taken by every command that opens the database. */
export const DATA = { data: { type: 'string', hint: 'DIR' } } as const;
export const DATA_INPUT = { data: maybe };
