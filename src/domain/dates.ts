/**
 * Calendar dates as `YYYY-MM-DD` strings, computed without `Date` or a clock:
 * the domain is pure, so "today" is always derived from a `now` passed in.
 * Day numbers use Howard Hinnant's days-from-civil algorithm (proleptic
 * Gregorian, day 0 = 1970-01-01).
 */
import type { IsoDate, NumericDate } from './types.ts';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const SECONDS_PER_DAY = 86_400;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** True when `year-month-day` names a real calendar day, e.g. not 1999-02-30. */
export function isRealDate(year: number, month: number, day: number): boolean {
  return (
    Number.isInteger(year) &&
    Number.isInteger(month) &&
    Number.isInteger(day) &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month)
  );
}

/** True for a real date written `YYYY-MM-DD`: `isIsoDate('2024-02-29') === true`, `isIsoDate('2023-02-29') === false`. */
export function isIsoDate(s: unknown): s is IsoDate {
  if (typeof s !== 'string') return false;
  const m = ISO_DATE.exec(s);
  return m !== null && isRealDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

function parts(date: IsoDate): [number, number, number] {
  const m = ISO_DATE.exec(date);
  if (m === null || !isRealDate(Number(m[1]), Number(m[2]), Number(m[3]))) {
    throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  }
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

function format(year: number, month: number, day: number): IsoDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Days since 1970-01-01 of a date. */
export function dayNumberOf(date: IsoDate): number {
  const [y0, m, d] = parts(date);
  const y = m <= 2 ? y0 - 1 : y0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** The date of a day number (inverse of `dayNumberOf`). */
export function dateOfDayNumber(days: number): IsoDate {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  return format(era * 400 + yoe + (m <= 2 ? 1 : 0), m, d);
}

/** The UTC calendar date of a NumericDate: `todayOf(0) === '1970-01-01'`. */
export function todayOf(now: NumericDate): IsoDate {
  return dateOfDayNumber(Math.floor(now / SECONDS_PER_DAY));
}

/** Midnight UTC at the start of `date`, as a NumericDate. */
export function startOfDay(date: IsoDate): NumericDate {
  return dayNumberOf(date) * SECONDS_PER_DAY;
}

/** Adds days (may be negative): `addDays('2024-02-28', 2) === '2024-03-01'`. */
export function addDays(date: IsoDate, days: number): IsoDate {
  return dateOfDayNumber(dayNumberOf(date) + days);
}

/**
 * Adds calendar months, clamping to the month's last day, as a person counts
 * "six months from 31 August" (= 28 or 29 February):
 * `addMonths('2024-08-31', 6) === '2025-02-28'`.
 */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const [y, m, d] = parts(date);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  return format(year, month, Math.min(d, daysInMonth(year, month)));
}
