import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  dateOfDayNumber,
  dayNumberOf,
  isIsoDate,
  startOfDay,
  todayOf,
} from './dates.ts';

describe('isIsoDate', () => {
  it.each([
    ['2024-02-29', true],
    ['2023-02-29', false],
    ['1900-02-29', false],
    ['2000-02-29', true],
    ['1999-02-30', false],
    ['2024-04-31', false],
    ['2024-12-31', true],
    ['2024-13-01', false],
    ['2024-00-10', false],
    ['2024-1-01', false],
    ['20240101', false],
    [' 2024-01-01', false],
    [20240101, false],
  ])('%s → %s', (s, ok) => expect(isIsoDate(s)).toBe(ok));
});

describe('day numbers', () => {
  it('agrees with Date on known days', () => {
    expect(dayNumberOf('1970-01-01')).toBe(0);
    expect(dayNumberOf('2024-03-01')).toBe(Date.UTC(2024, 2, 1) / 86_400_000);
    expect(dateOfDayNumber(-1)).toBe('1969-12-31');
  });

  it('round-trips and matches Date for any day in 1600..2400', () => {
    fc.assert(
      fc.property(fc.integer({ min: -135_000, max: 157_000 }), (n) => {
        const date = dateOfDayNumber(n);
        expect(isIsoDate(date)).toBe(true);
        expect(dayNumberOf(date)).toBe(n);
        expect(date).toBe(new Date(n * 86_400_000).toISOString().slice(0, 10));
      }),
    );
  });
});

describe('todayOf / startOfDay', () => {
  it('takes the UTC date of a NumericDate', () => {
    expect(todayOf(0)).toBe('1970-01-01');
    expect(todayOf(1_709_283_600)).toBe('2024-03-01');
    expect(todayOf(startOfDay('2024-03-02') - 1)).toBe('2024-03-01');
    expect(todayOf(startOfDay('2024-03-02'))).toBe('2024-03-02');
  });
});

describe('addDays / addMonths', () => {
  it.each([
    ['2024-02-28', 2, '2024-03-01'],
    ['2024-01-01', -1, '2023-12-31'],
  ])('addDays(%s, %i) = %s', (d, n, out) => expect(addDays(d, n)).toBe(out));

  it.each([
    ['2024-03-01', 6, '2024-09-01'],
    ['2024-08-31', 6, '2025-02-28'],
    ['2023-08-31', 6, '2024-02-29'],
    ['2024-10-15', 3, '2025-01-15'],
    ['2024-03-31', -1, '2024-02-29'],
    ['2024-01-31', 1, '2024-02-29'],
  ])('addMonths(%s, %i) = %s', (d, n, out) => expect(addMonths(d, n)).toBe(out));

  it('refuses a non-date', () => expect(() => addMonths('2024-02-30', 1)).toThrow(RangeError));
});
