import type { z } from 'zod';
import { unsafeCharIn, unsafeCharMessage } from '../domain/text.ts';
import { InvalidInput } from '../errors.ts';

/** Parses input with a zod schema; the first problem becomes an InvalidInput naming its field. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const field = issue.path.length ? issue.path.join('.') : 'input';
  throw new InvalidInput(field, `${field}: ${issue.message}`);
}

/** Did PostgreSQL refuse this for a unique constraint? (drizzle wraps the driver's error as `cause`.) */
export function isUniqueViolation(err: unknown): boolean {
  for (
    let e = err as { code?: unknown; cause?: unknown } | undefined, i = 0;
    e && i < 5;
    e = e.cause as typeof e, i++
  ) {
    if (e.code === '23505') return true;
  }
  return false;
}

/** JSON with object keys sorted, so equal requests hash equally whatever order their fields came in. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonicalJson(x)}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

/**
 * A zod check for text people read (names, reasons, references): refuses
 * control, format and bidi characters, by the rule in src/domain/text.ts.
 * @example const name = z.string().trim().min(1).max(50).superRefine(readableText);
 */
export function readableText(value: string, ctx: z.RefinementCtx): void {
  const bad = unsafeCharIn(value);
  if (bad) ctx.addIssue({ code: 'custom', message: unsafeCharMessage('text', bad) });
}
