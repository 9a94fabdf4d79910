import { describe, expect, it } from 'vitest';
import { InvalidInput } from '../errors.ts';
import { DEFAULT_RULES, duesFor, validateRules } from './rules.ts';

describe('DEFAULT_RULES', () => {
  it('holds the documented defaults and is valid', () => {
    expect(DEFAULT_RULES).toEqual({
      transferValidDays: 30,
      transferMaxValidDays: 90,
      tempMaxMonths: 6,
      duesWarnMonths: 3,
      duesLapseMonths: 6,
      duesBackPayMonths: 6,
      lostContactMonths: 6,
      statisticsCutoff: '12-31',
      filingDeadline: '01-31',
      filingLargeChange: 0.2,
    });
    expect(validateRules(DEFAULT_RULES)).toBe(DEFAULT_RULES);
    expect(Object.isFrozen(DEFAULT_RULES)).toBe(true);
  });

  it.each([
    [{ transferValidDays: 0 }, 'rules.transferValidDays'],
    [{ transferValidDays: 120 }, 'rules.transferValidDays'],
    [{ tempMaxMonths: 1.5 }, 'rules.tempMaxMonths'],
    [{ statisticsCutoff: '12-32' }, 'rules.statisticsCutoff'],
    [{ statisticsCutoff: '2024-12-31' }, 'rules.statisticsCutoff'],
    [{ filingDeadline: '1-31' }, 'rules.filingDeadline'],
    [{ filingLargeChange: 0 }, 'rules.filingLargeChange'],
    [{ filingLargeChange: 1.5 }, 'rules.filingLargeChange'],
  ])('refuses %o', (change, field) => {
    expect(() => validateRules({ ...DEFAULT_RULES, ...change })).toThrow(
      expect.objectContaining({ field }),
    );
  });
});

describe('duesFor (fen per month)', () => {
  it.each([
    // salaried: the band's rate applies to the whole income
    [0, 'salaried', 0],
    [2000, 'salaried', 1000], // 0.5% → 10.00 元
    [3000, 'salaried', 1500], // band edge is inclusive
    [3000.01, 'salaried', 3000], // 1% of 3000.01 = 30.0001 → 30.00 元
    [4000, 'salaried', 4000],
    [5000, 'salaried', 5000],
    [5000.5, 'salaried', 7501], // 1.5% of 5000.50 = 75.0075 → 75.01 元 (half-up)
    [10000, 'salaried', 15000],
    [10001, 'salaried', 20002],
    [3333.3, 'salaried', 3333], // 33.333 元 → 33.33
    [2999, 'salaried', 1500], // 14.995 元 → 15.00 (half-up, not banker's)
    [2001, 'salaried', 1001], // 10.005 元 → 10.01
    // retired
    [5000, 'retired', 2500],
    [5000.01, 'retired', 5000],
    [8000, 'retired', 8000],
    // flat 0.2 元
    [12000, 'student', 20],
    [0, 'low_income', 20],
  ] as const)('%d 元, %s → %d fen', (income, kind, fen) => expect(duesFor(income, kind)).toBe(fen));

  it.each([-1, Number.NaN, Infinity])('refuses income %d', (income) => {
    expect(() => duesFor(income, 'salaried')).toThrow(InvalidInput);
  });

  it('refuses an unknown kind', () => {
    expect(() => duesFor(1000, 'farmer' as 'salaried')).toThrow(InvalidInput);
  });
});
