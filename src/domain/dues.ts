/**
 * 党费 (dues) vocabulary: months, money in fen, the standard amount, and one
 * recorded line. Money is integer fen (分) everywhere; 元 appear only as text,
 * written with two decimals as people write them ("3,000.00").
 */
import { InvalidInput } from '../errors.ts';
import { todayOf } from './dates.ts';
import { duesForFen, duesRate, type DuesKind } from './rules.ts';
import type { IsoDate, NumericDate } from './types.ts';

/** A calendar month, `YYYY-MM`. */
export type Month = string;

export const DUES_KINDS = ['salaried', 'retired', 'student', 'low_income'] as const;

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** True for `YYYY-MM` with a real month: `isMonth('2026-02') === true`, `isMonth('2026-13') === false`. */
export function isMonth(s: unknown): s is Month {
  return typeof s === 'string' && MONTH.test(s) && s >= '1900-01';
}

/** Months since year 0, so months compare and subtract as integers. */
export function monthIndex(m: Month): number {
  const r = MONTH.exec(m);
  if (r === null) throw new RangeError(`not a YYYY-MM month: ${m}`);
  return Number(r[1]) * 12 + Number(r[2]) - 1;
}

/** The month of an index (inverse of `monthIndex`). */
export function monthAt(index: number): Month {
  const y = Math.floor(index / 12);
  return `${String(y).padStart(4, '0')}-${String(index - y * 12 + 1).padStart(2, '0')}`;
}

/** `shiftMonth('2026-01', -1) === '2025-12'`. */
export const shiftMonth = (m: Month, by: number): Month => monthAt(monthIndex(m) + by);

/** The month a date falls in: `monthOfDate('2026-03-31') === '2026-03'`. */
export const monthOfDate = (d: IsoDate): Month => d.slice(0, 7);

/** The UTC month of a NumericDate. */
export const monthOfNow = (now: NumericDate): Month => monthOfDate(todayOf(now));

/** Every month from `from` to `to`, both included (empty when `to` is earlier). */
export function monthsFrom(from: Month, to: Month): Month[] {
  const out: Month[] = [];
  for (let i = monthIndex(from); i <= monthIndex(to); i++) out.push(monthAt(i));
  return out;
}

// 元 as written: digits (optionally grouped by commas in threes), then at most two decimals.
const YUAN = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$/;
/** The largest amount we accept, 100 million 元: far above any monthly income, far below 2^53 fen. */
const MAX_FEN = 10_000_000_000;

/**
 * Parses 元 written as text into integer fen, with no floating point:
 * `parseYuan('3,000.01') === 300001`, `parseYuan('40') === 4000`, `parseYuan('0.2') === 20`.
 * Throws InvalidInput naming `field` for anything else ("-1", "1.234", "1e3", "四十").
 */
export function parseYuan(text: string, field = 'amount'): number {
  const s =
    typeof text === 'string'
      ? text
          .trim()
          .replace(/^¥|元$/g, '')
          .trim()
      : '';
  const m = YUAN.exec(s);
  if (m === null)
    throw new InvalidInput(
      field,
      `${field} must be an amount in 元 with at most two decimals, e.g. 40.00 (got ${JSON.stringify(text)})`,
    );
  const fen = Number(m[1]!.replaceAll(',', '')) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  if (!Number.isSafeInteger(fen) || fen > MAX_FEN)
    throw new InvalidInput(field, `${field} is too large`);
  return fen;
}

/** Fen as 元 with two decimals: `formatYuan(300001) === '3000.01'`, `formatYuan(20) === '0.20'`. */
export function formatYuan(fen: number): string {
  if (!Number.isSafeInteger(fen) || fen < 0) throw new RangeError(`not an amount in fen: ${fen}`);
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
}

/** The standard monthly amount and how it was reached: base and rate are signed into each line. */
export interface DuesStandard {
  /** fen */
  amount: number;
  /** monthly after-tax income (or pension) in fen; 0 for the flat kinds */
  base: number;
  /** basis points of the base; 0 for the flat kinds (students, low income: 0.2 元) */
  rate: number;
}

/**
 * The standard monthly dues for an income in fen, by the bands in rules.ts
 * (中组发〔2008〕3号): `standardDues(300_000, 'salaried')` → `{ amount: 1500, base: 300000, rate: 50 }`.
 */
export function standardDues(baseFen: number, kind: DuesKind): DuesStandard {
  const rate = duesRate(baseFen, kind);
  return { amount: duesForFen(baseFen, kind), base: rate === null ? 0 : baseFen, rate: rate ?? 0 };
}

export function isDuesKind(s: unknown): s is DuesKind {
  return (DUES_KINDS as readonly unknown[]).includes(s);
}

/**
 * One line of a branch-month batch, exactly as signed (the batch's Merkle
 * tree is over these lines). `amount` 0 records the month as unpaid.
 * `replaces` names an earlier line (`<batch id>#<index>`) that this one
 * corrects; nothing is edited or deleted.
 */
export interface DuesLine {
  member: string;
  /** the month paid for; earlier than the batch's month for a back-payment */
  month: Month;
  amount: number;
  base: number;
  rate: number;
  kind: DuesKind;
  replaces?: string;
}

/** A line with where it sits: the batch it was signed in and its index there. */
export interface PlacedLine extends DuesLine {
  /** `<batch id>#<index>`: what a correction's `replaces` names */
  ref: string;
  /** the batch's own month (when it was recorded) */
  recorded: Month;
}

/** A batch's id: `<org>/<YYYY-MM>/<n>`, n counting batches of that branch-month from 1. */
export const batchIdOf = (org: string, month: Month, n: number): string => `${org}/${month}/${n}`;
export const lineRefOf = (batchId: string, index: number): string => `${batchId}#${index}`;
