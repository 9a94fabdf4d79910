/**
 * The configurable rules (DESIGN §3, "Rules"), each default beside its source,
 * and the 党费 rate bands.
 */
import { InvalidInput } from '../errors.ts';

export interface Rules {
  /** Default validity of a transfer letter (介绍信), in days. */
  transferValidDays: number;
  /** The longest validity an officer may give a transfer letter, in days. */
  transferMaxValidDays: number;
  /** The longest absence a 党员证明信 covers, in calendar months. */
  tempMaxMonths: number;
  /** Unpaid months of dues before a warning. */
  duesWarnMonths: number;
  /** Consecutive unpaid months that make the 党章 art. 9 case. */
  duesLapseMonths: number;
  /** The most months of dues that may be paid back at once. */
  duesBackPayMonths: number;
  /** Months without contact before the 停止党籍 procedure. */
  lostContactMonths: number;
  /** Cut-off day of the annual statistics, `MM-DD`. */
  statisticsCutoff: string;
  /** Day of the following year by which each level files its annual statistics, `MM-DD`. */
  filingDeadline: string;
  /** A year-on-year change of the membership beyond this share needs an explanation (0.2 = 20%). */
  filingLargeChange: number;
}

export const DEFAULT_RULES: Readonly<Rules> = Object.freeze({
  transferValidDays: 30, // local practice; Beijing online transfers: 30 days in-city
  transferMaxValidDays: 90, // Beijing online transfers: 90 days nationally
  tempMaxMonths: 6, // 中国共产党党员教育管理工作条例 (2019) art. 25: 证明信 for absences of at most 6 months
  duesWarnMonths: 3, // local rule, a setting
  duesLapseMonths: 6, // 党章 art. 9: 6 consecutive months unpaid without good reason
  duesBackPayMonths: 6, // 关于中国共产党党费收缴、使用和管理的规定 (2008): back-payment of at most 6 months
  lostContactMonths: 6, // 党员教育管理工作条例 (2019) art. 24: 6 months out of contact → 停止党籍
  statisticsCutoff: '12-31', // annual 党内统计 closes on 31 December
  filingDeadline: '01-31', // local practice: 年报 filed upward in January; each level may set its own
  filingLargeChange: 0.2, // 审核要点 of the statistics guides: large 增减 are explained (threshold local)
});

/** Checks a rule set read from configuration; returns it unchanged. */
export function validateRules(rules: Rules): Rules {
  const counts = [
    'transferValidDays',
    'transferMaxValidDays',
    'tempMaxMonths',
    'duesWarnMonths',
    'duesLapseMonths',
    'duesBackPayMonths',
    'lostContactMonths',
  ] as const;
  for (const key of counts) {
    const v = rules[key];
    if (!Number.isInteger(v) || v < 1)
      throw new InvalidInput(`rules.${key}`, `${key} must be a whole number of at least 1`);
  }
  if (rules.transferValidDays > rules.transferMaxValidDays) {
    throw new InvalidInput(
      'rules.transferValidDays',
      'transferValidDays cannot exceed transferMaxValidDays',
    );
  }
  for (const key of ['statisticsCutoff', 'filingDeadline'] as const) {
    if (!/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/.test(rules[key])) {
      throw new InvalidInput(`rules.${key}`, `${key} must be MM-DD`);
    }
  }
  if (!(rules.filingLargeChange > 0 && rules.filingLargeChange <= 1)) {
    throw new InvalidInput(
      'rules.filingLargeChange',
      'filingLargeChange is a share above 0, at most 1',
    );
  }
  return rules;
}

export type DuesKind = 'salaried' | 'retired' | 'student' | 'low_income';

/** Bands as [upper bound in 元 (inclusive), rate in basis points]. */
type Bands = readonly (readonly [number, number])[];

// 关于中国共产党党费收缴、使用和管理的规定 (中组发〔2008〕3号): the rate of the
// band applies to the whole monthly income (not marginally); salaried members
// count income after tax, retired members their pension.
const BANDS: Record<'salaried' | 'retired', Bands> = {
  salaried: [
    [3000, 50],
    [5000, 100],
    [10000, 150],
    [Infinity, 200],
  ],
  retired: [
    [5000, 50],
    [Infinity, 100],
  ],
};
// Same rules: students, the unemployed and those on relief or 低保 pay 0.2 元 a month.
const FLAT_FEN = 20;

/**
 * Monthly dues in fen (分) for a monthly income in 元, rounded half-up to
 * the fen: `duesFor(4000, 'salaried') === 4000` (1% of 4000 元 = 40.00 元).
 */
export function duesFor(incomeYuan: number, kind: DuesKind): number {
  if (kind === 'student' || kind === 'low_income') return FLAT_FEN;
  if (BANDS[kind] === undefined)
    throw new InvalidInput('kind', 'dues kind must be salaried, retired, student or low_income');
  if (typeof incomeYuan !== 'number' || !Number.isFinite(incomeYuan) || incomeYuan < 0) {
    throw new InvalidInput('income', 'income must be a non-negative number of 元');
  }
  // Integer fen first, so band edges and rounding are exact (no 0.1 + 0.2 drift).
  return duesForFen(Math.round(incomeYuan * 100), kind);
}

/**
 * The band's rate in basis points for a monthly income in fen, or null for
 * the flat 0.2 元 kinds: `duesRate(300_000, 'salaried') === 50`, `duesRate(300_001, 'salaried') === 100`.
 */
export function duesRate(incomeFen: number, kind: DuesKind): number | null {
  if (kind === 'student' || kind === 'low_income') return null;
  const bands = BANDS[kind];
  if (bands === undefined)
    throw new InvalidInput('kind', 'dues kind must be salaried, retired, student or low_income');
  if (!Number.isSafeInteger(incomeFen) || incomeFen < 0)
    throw new InvalidInput('income', 'income must be a non-negative whole number of fen');
  return bands.find(([limit]) => incomeFen <= limit * 100)![1];
}

/** Monthly dues in fen for a monthly income in fen, integer arithmetic only: `duesForFen(400_000, 'salaried') === 4000`. */
export function duesForFen(incomeFen: number, kind: DuesKind): number {
  const basisPoints = duesRate(incomeFen, kind);
  if (basisPoints === null) return FLAT_FEN;
  return Math.floor((incomeFen * basisPoints + 5000) / 10000);
}
