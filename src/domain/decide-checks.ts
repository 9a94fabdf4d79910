/** Checks shared by the per-kind deciders; each throws the project's errors. */
import { InvalidInput, NotAuthorised, RuleViolation } from '../errors.ts';
import { isIsoDate, todayOf } from './dates.ts';
import type { DecideContext } from './ledger-types.ts';
import type { RuleReason } from './reasons.ts';
import { isAncestorOrSelf } from './org-tree.ts';
import { unsafeCharIn, unsafeCharMessage } from './text.ts';
import type { IsoDate, NumericDate } from './types.ts';

/** Longest free-text reason an entry carries; entries travel in QR-linked bundles. */
export const MAX_REASON = 500;

export function refuse(reason: RuleReason, message: string, field?: string): never {
  throw new RuleViolation(reason, message, field);
}

/** The signer must be one of `orgs` or above one of them. */
export function requireAuthority(ctx: DecideContext, orgs: readonly string[], what: string): void {
  if (!orgs.some((org) => isAncestorOrSelf(ctx.tree, ctx.iss, org))) {
    throw new NotAuthorised(
      `${ctx.iss} may not sign ${what}: it must be ${orgs.join(' or ')} or a superior organisation`,
      'iss',
    );
  }
}

export function requireOrg(ctx: DecideContext, id: unknown, field: string): string {
  if (typeof id !== 'string' || !ctx.tree.has(id))
    refuse('UNKNOWN_ORG', `no organisation ${String(id)} in the tree`, field);
  return id;
}

/** Trimmed text of 1..max characters (code points, so 中文 counts one per character). */
export function requireText(value: unknown, field: string, max: number): string {
  const text = typeof value === 'string' ? value.trim() : '';
  if (text.length === 0 || [...text].length > max) {
    throw new InvalidInput(field, `${field} must be text of 1-${max} characters`);
  }
  const bad = unsafeCharIn(text);
  if (bad) throw new InvalidInput(field, unsafeCharMessage(field, bad));
  return text;
}

export function optionalText(value: unknown, field: string, max: number): string | undefined {
  return value === undefined ? undefined : requireText(value, field, max);
}

export function requireOneOf<T extends string>(
  value: unknown,
  allowed: readonly T[],
  field: string,
): T {
  if (!(allowed as readonly unknown[]).includes(value)) {
    throw new InvalidInput(field, `${field} must be one of ${allowed.join(', ')}`);
  }
  return value as T;
}

export function requireDate(value: unknown, field: string): IsoDate {
  if (!isIsoDate(value))
    throw new InvalidInput(field, `${field} must be a real date written YYYY-MM-DD`);
  return value;
}

/** A date of something that has happened: on or before today. */
export function requirePastDate(value: unknown, field: string, now: NumericDate): IsoDate {
  const date = requireDate(value, field);
  if (date > todayOf(now))
    refuse('DATE_IN_FUTURE', `${field} ${date} is after today ${todayOf(now)}`, field);
  return date;
}

/** An end date still to come: strictly after today. */
export function requireFutureDate(value: unknown, field: string, now: NumericDate): IsoDate {
  const date = requireDate(value, field);
  if (date <= todayOf(now))
    refuse('DATE_NOT_AFTER_TODAY', `${field} ${date} must be after today ${todayOf(now)}`, field);
  return date;
}

/** Copies `body` without its undefined fields, so the signed JSON is exactly what was decided. */
export function withoutUndefined<T extends object>(body: T): T {
  return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined)) as T;
}
