/** Zod atoms shared by the kinds' intent schemas; the deciders check the rules behind them. */
import { z } from 'zod';
import { MAX_REASON } from '../decide-checks.ts';

/** How a field is written on a command line (`--to ORG`), for usage text derived from the schemas. */
export const placeholders = z.registry<{ placeholder: string }>();

export const orgId = z.string().min(1).max(32).register(placeholders, { placeholder: 'ORG' });
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD')
  .register(placeholders, { placeholder: 'YYYY-MM-DD' });
export const reason = z.string().max(MAX_REASON);
/** A member's name: 1-50 characters (decide trims and counts code points). */
export const MAX_NAME = 50;
export const personName = z.string().max(MAX_NAME);
/** A 证明信's destination, free text. */
export const MAX_PLACE = 100;
