import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidInput } from '../errors.ts';
import {
  formatYuan,
  isMonth,
  lineRefOf,
  monthAt,
  monthIndex,
  monthsFrom,
  parseYuan,
  shiftMonth,
  standardDues,
  type PlacedLine,
} from './dues.ts';
import { planDues, type DuesRow, type RecordContext } from './dues-record.ts';
import { exemptFromEntries, exemptWhileStopped, stopPeriods } from './dues-exempt.ts';
import { duesStanding, duesThrough, firstGap } from './dues-standing.ts';
import { duesFor, duesForFen } from './rules.ts';

describe('元 ⇄ fen', () => {
  it.each([
    ['3000.00', 300_000],
    ['3,000.00', 300_000],
    ['3000.01', 300_001],
    ['3,000.01', 300_001],
    ['40', 4000],
    ['0.2', 20],
    ['0.20', 20],
    [' 12.5 ', 1250],
    ['¥40.00', 4000],
    ['40.00元', 4000],
    ['0', 0],
    ['1,234,567.89', 123_456_789],
  ])('%s → %d fen', (text, fen) => expect(parseYuan(text)).toBe(fen));

  it.each([
    '',
    '-1',
    '1.234',
    '1e3',
    '四十',
    '1,23.00',
    '12,3456',
    '.5',
    '5.',
    'NaN',
    '0x10',
    '100000000.01',
  ])('refuses %j naming the field', (text) => {
    expect(() => parseYuan(text, 'amount')).toThrow(expect.objectContaining({ field: 'amount' }));
    expect(() => parseYuan(text, 'amount')).toThrow(InvalidInput);
  });

  it.each([
    [0, '0.00'],
    [20, '0.20'],
    [300_001, '3000.01'],
    [5, '0.05'],
  ])('%d fen → %s', (fen, text) => expect(formatYuan(fen)).toBe(text));

  it('print then parse is the identity on fen (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000_000 }), (fen) => {
        expect(parseYuan(formatYuan(fen))).toBe(fen);
      }),
    );
  });
});

describe('standard amount (integer fen, bands of 中组发〔2008〕3号)', () => {
  it.each([
    ['3000.00', 'salaried', 1500, 50], // the band edge is inclusive: 0.5%
    ['3000.01', 'salaried', 3000, 100], // one fen above: 1% of the whole income
    ['5000.00', 'salaried', 5000, 100],
    ['5000.01', 'salaried', 7500, 150],
    ['10000.00', 'salaried', 15000, 150],
    ['10000.01', 'salaried', 20000, 200],
    ['5000.00', 'retired', 2500, 50],
    ['5000.01', 'retired', 5000, 100],
    ['2999.99', 'salaried', 1500, 50], // 14.99995 元 → 15.00 (half-up)
  ] as const)('%s 元 %s → %d fen at %d bp', (income, kind, amount, rate) => {
    expect(standardDues(parseYuan(income), kind)).toEqual({
      amount,
      base: parseYuan(income),
      rate,
    });
  });

  it.each(['student', 'low_income'] as const)('%s pays a flat 0.20 元 with no base', (kind) => {
    expect(standardDues(800_000, kind)).toEqual({ amount: 20, base: 0, rate: 0 });
  });

  it('agrees with duesFor for every income in 元 with two decimals (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 5_000_000 }),
        fc.constantFrom('salaried', 'retired', 'student', 'low_income' as const),
        (fen, kind) => {
          expect(duesForFen(fen, kind)).toBe(duesFor(Number(formatYuan(fen)), kind));
        },
      ),
    );
  });

  it('never falls when income rises within a band, and is at most 2% (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), (fen) => {
        const { amount } = standardDues(fen, 'salaried');
        expect(amount).toBeLessThanOrEqual(Math.ceil(fen / 50));
        expect(Number.isInteger(amount)).toBe(true);
      }),
    );
  });
});

describe('months', () => {
  it('index and shift across a year end', () => {
    expect(shiftMonth('2026-01', -1)).toBe('2025-12');
    expect(shiftMonth('2025-12', 7)).toBe('2026-07');
    expect(monthsFrom('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(isMonth('2026-13')).toBe(false);
    expect(isMonth('2026-00')).toBe(false);
    expect(isMonth('2026-1')).toBe(false);
    fc.assert(
      fc.property(fc.integer({ min: 1900 * 12, max: 9999 * 12 }), (i) => {
        expect(monthIndex(monthAt(i))).toBe(i);
        expect(isMonth(monthAt(i))).toBe(true);
      }),
    );
  });
});

let batchNo = 0;
/** Lines as batches would place them: one batch per call. */
function placed(
  recorded: string,
  lines: { member?: string; month: string; amount?: number; replaces?: string }[],
): PlacedLine[] {
  const id = `b1/${recorded}/${++batchNo}`;
  return lines.map((l, i) => ({
    member: l.member ?? 'm1',
    month: l.month,
    amount: l.amount ?? 4000,
    base: 400_000,
    rate: 100,
    kind: 'salaried',
    ...(l.replaces ? { replaces: l.replaces } : {}),
    ref: lineRefOf(id, i),
    recorded,
  }));
}
const paidMonths = (from: string, to: string, member = 'm1') =>
  monthsFrom(from, to).flatMap((m) => placed(m, [{ member, month: m }]));

describe('due: the last month paid with no gap', () => {
  it('runs from the record’s first month (earlier months are no gap)', () => {
    expect(duesThrough(paidMonths('2026-03', '2026-07'))).toBe('2026-07');
    expect(duesThrough([])).toBeNull();
    expect(duesThrough([], '2025-12')).toBe('2025-12'); // the paper letter's month stands alone
  });

  it('stops before a gap month: an unpaid line or a month with no line', () => {
    const lines = [
      ...paidMonths('2026-01', '2026-03'),
      ...placed('2026-04', [{ month: '2026-04', amount: 0 }]),
      ...paidMonths('2026-05', '2026-06'),
    ];
    expect(duesThrough(lines)).toBe('2026-03');
    expect(firstGap(lines, '2026-06')).toBe('2026-04');
    expect(firstGap(lines, '2026-03')).toBeNull();
    const holed = [...paidMonths('2026-01', '2026-02'), ...paidMonths('2026-04', '2026-05')];
    expect(duesThrough(holed)).toBe('2026-02');
    expect(firstGap(holed, '2026-05')).toBe('2026-03');
  });

  it('a back-payment fills the gap', () => {
    const lines = [
      ...paidMonths('2026-01', '2026-02'),
      ...placed('2026-03', [{ month: '2026-03', amount: 0 }]),
      ...placed('2026-04', [{ month: '2026-04' }, { month: '2026-03' }]),
    ];
    expect(duesThrough(lines)).toBe('2026-04');
  });

  it('a correction replaces a line: paid → unpaid opens a gap, unpaid → paid closes it', () => {
    const first = paidMonths('2026-01', '2026-03');
    const wrong = first[1]!; // February, recorded as paid by mistake
    const corrected = [
      ...first,
      ...placed('2026-04', [{ month: '2026-02', amount: 0, replaces: wrong.ref }]),
    ];
    expect(duesThrough(first)).toBe('2026-03');
    expect(duesThrough(corrected)).toBe('2026-01');
  });

  it('a prior month before the record stands only when the first recorded month is unpaid', () => {
    const lines = placed('2026-03', [{ month: '2026-03', amount: 0 }]);
    expect(duesThrough(lines, '2026-01')).toBe('2026-01');
    expect(duesThrough(lines, '2026-03')).toBeNull();
  });

  it('due never has a gap before it (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 1, maxLength: 30 }), (paid) => {
        const lines = paid.flatMap((p, i) => {
          const m = shiftMonth('2025-01', i);
          return placed(m, [{ month: m, amount: p ? 100 : 0 }]);
        });
        const due = duesThrough(lines);
        const run = paid.indexOf(false) === -1 ? paid.length : paid.indexOf(false);
        expect(due).toBe(run === 0 ? null : shiftMonth('2025-01', run - 1));
        if (due !== null) expect(firstGap(lines, due)).toBeNull();
      }),
    );
  });
});

describe('lapse (党章 art. 9) and the warning (a local setting)', () => {
  const unpaid = (from: string, to: string) =>
    monthsFrom(from, to).flatMap((m) => placed(m, [{ month: m, amount: 0 }]));

  it.each([
    [0, 'ok'],
    [2, 'ok'],
    [3, 'warn'],
    [5, 'warn'],
    [6, 'lapse'],
  ] as const)('%d unpaid months at the cutoff → %s', (n, level) => {
    const lines = [
      ...paidMonths('2026-01', shiftMonth('2026-12', -n)),
      ...unpaid(shiftMonth('2026-12', -n + 1), '2026-12'),
    ];
    const s = duesStanding(lines, 'm1', '2026-12');
    expect(s.run).toBe(n);
    expect(s.level).toBe(level);
  });

  it('the warning threshold is a setting', () => {
    const lines = [...paidMonths('2026-01', '2026-10'), ...unpaid('2026-11', '2026-12')];
    expect(duesStanding(lines, 'm1', '2026-12').level).toBe('ok');
    expect(
      duesStanding(lines, 'm1', '2026-12', { rules: { duesWarnMonths: 2, duesLapseMonths: 6 } })
        .level,
    ).toBe('warn');
  });

  it('counts a year for the filing: unpaid months, amount, and a six-month run even when paid since', () => {
    const lines = [...unpaid('2026-01', '2026-06'), ...paidMonths('2026-07', '2026-12')];
    const s = duesStanding(lines, 'm1', '2026-12', { from: '2026-01' });
    expect(s).toMatchObject({
      unpaidMonths: 6,
      run: 0,
      longestRun: 6,
      collectedFen: 6 * 4000,
      level: 'lapse',
    });
  });

  it('months with no line after the record starts are unpaid; months before it are not', () => {
    const lines = paidMonths('2026-06', '2026-08');
    expect(duesStanding(lines, 'm1', '2026-11', { from: '2026-01' })).toMatchObject({
      unpaidMonths: 3,
      run: 3,
      level: 'warn',
    });
    expect(duesStanding([], 'm1', '2026-11').level).toBe('ok');
  });
});

describe('planDues: recording a branch-month', () => {
  const ctx = (over: Partial<RecordContext> = {}): RecordContext => ({
    org: 'b1',
    month: '2026-07',
    current: '2026-07',
    members: new Map([
      ['m1', { id: 'm1', org: 'b1', status: 'normal' }],
      ['m2', { id: 'm2', org: 'b1', status: 'in_transit' }],
      ['m3', { id: 'm3', org: 'b1', status: 'left' }],
    ]),
    existing: [],
    ...over,
  });
  const row = (over: Partial<DuesRow> = {}): DuesRow => ({
    row: 2,
    member: 'm1',
    kind: '在职',
    base: '4000.00',
    amount: '40.00',
    ...over,
  });

  it('turns rows into lines with base and rate signed in', () => {
    const plan = planDues([row(), row({ row: 3, member: 'm2', amount: '' })], ctx());
    expect(plan.errors).toEqual([]);
    expect(plan.lines).toEqual([
      {
        row: 2,
        member: 'm1',
        month: '2026-07',
        amount: 4000,
        base: 400_000,
        rate: 100,
        kind: 'salaried',
      },
      {
        row: 3,
        member: 'm2',
        month: '2026-07',
        amount: 0,
        base: 400_000,
        rate: 100,
        kind: 'salaried',
      },
    ]);
  });

  it.each([
    [{ member: 'm9' }, 'member'],
    [{ member: 'm3' }, 'member'],
    [{ month: '2026-08' }, 'month'],
    [{ month: '2026-13' }, 'month'],
    [{ month: '2026-00' }, 'month'],
    [{ kind: 'manager' }, 'kind'],
    [{ base: '4000.001' }, 'base'],
    [{ base: '' }, 'base'],
    [{ amount: '-40' }, 'amount'],
    [{ amount: '40,0' }, 'amount'],
    [{ replaces: 'b1/2026-01/1#0' }, 'replaces'],
  ] as const)('refuses %o naming field %s and the row', (over, field) => {
    const plan = planDues([row({ row: 7, ...over })], ctx());
    expect(plan.lines).toEqual([]);
    expect(plan.errors).toEqual([expect.objectContaining({ row: 7, field })]);
  });

  it('back-payments: at most 6 months back (rules.duesBackPayMonths)', () => {
    expect(planDues([row({ month: '2026-01' })], ctx()).errors).toEqual([]);
    expect(planDues([row({ month: '2025-12' })], ctx()).errors).toEqual([
      expect.objectContaining({ field: 'month', message: expect.stringContaining('at most 6') }),
    ]);
    expect(
      planDues([row({ month: '2026-03' })], ctx({ rules: { duesBackPayMonths: 3 } })).errors,
    ).toHaveLength(1);
  });

  it('a month already paid needs a correction naming its line; an unpaid one takes a back-payment', () => {
    const existing = [
      ...placed('2026-06', [{ month: '2026-06' }]),
      ...placed('2026-05', [{ month: '2026-05', amount: 0 }]),
    ];
    expect(planDues([row({ month: '2026-06' })], ctx({ existing })).errors).toEqual([
      expect.objectContaining({
        field: 'month',
        message: expect.stringContaining(existing[0]!.ref),
      }),
    ]);
    expect(planDues([row({ month: '2026-05' })], ctx({ existing })).errors).toEqual([]);
    const fix = planDues(
      [row({ month: '2026-06', amount: '45.00', replaces: existing[0]!.ref })],
      ctx({ existing }),
    );
    expect(fix.errors).toEqual([]);
    expect(fix.lines[0]).toMatchObject({ amount: 4500, replaces: existing[0]!.ref });
  });

  it('refuses two rows for one member and month, and a second correction of one line', () => {
    expect(planDues([row(), row({ row: 3 })], ctx()).errors).toEqual([
      expect.objectContaining({ row: 3, field: 'month' }),
    ]);
    const first = placed('2026-06', [{ month: '2026-06' }]);
    const fixed = [
      ...first,
      ...placed('2026-07', [{ month: '2026-06', amount: 0, replaces: first[0]!.ref }]),
    ];
    expect(
      planDues([row({ month: '2026-06', replaces: first[0]!.ref })], ctx({ existing: fixed }))
        .errors,
    ).toEqual([expect.objectContaining({ field: 'replaces' })]);
  });

  it('refuses a month not yet begun as a whole', () => {
    expect(() => planDues([row()], ctx({ month: '2026-08' }))).toThrow(
      expect.objectContaining({ field: 'month' }),
    );
  });
});

describe('停止党籍: months wholly inside a stop owe nothing', () => {
  const st = (change: string, date: string) => ({ knd: 'status', dat: { change, date } });
  it.each([
    ['no status entries', [{ knd: 'arrival', dat: {} }], []],
    [
      'a closed stop',
      [st('stopped', '2026-03-15'), st('restored', '2026-06-10')],
      [{ from: '2026-03-15', to: '2026-06-10' }],
    ],
    [
      'an open stop',
      [st('full_membership', '2026-01-02'), st('stopped', '2026-03-15')],
      [{ from: '2026-03-15' }],
    ],
    [
      'two stops',
      [st('stopped', '2024-01-05'), st('restored', '2024-03-01'), st('stopped', '2026-02-01')],
      [{ from: '2024-01-05', to: '2024-03-01' }, { from: '2026-02-01' }],
    ],
  ])('stopPeriods: %s', (_, entries, periods) => expect(stopPeriods(entries)).toEqual(periods));

  it.each([
    ['2026-02', false],
    ['2026-03', false], // the stop's month is owed
    ['2026-04', true],
    ['2026-05', true],
    ['2026-06', false], // so is the restoration's
  ])('exempt %s → %s', (m, yes) =>
    expect(exemptWhileStopped([{ from: '2026-03-15', to: '2026-06-10' }])(m)).toBe(yes),
  );

  const exempt = exemptFromEntries([st('stopped', '2026-03-15'), st('restored', '2026-06-10')]);
  const lines = [...paidMonths('2026-01', '2026-03'), ...paidMonths('2026-06', '2026-07')];
  it('due walks over the stop; without it, April is a gap', () => {
    expect(duesThrough(lines, null, exempt)).toBe('2026-07');
    expect(duesThrough(lines)).toBe('2026-03');
    expect(firstGap(lines, '2026-07', exempt)).toBeNull();
    expect(firstGap(lines, '2026-07')).toBe('2026-04');
  });
  it('an unpaid owed month still breaks due across a stop', () => {
    const unpaidMarch = lines.filter((l) => l.month !== '2026-03');
    expect(duesThrough(unpaidMarch, null, exempt)).toBe('2026-02');
    expect(firstGap(unpaidMarch, '2026-07', exempt)).toBe('2026-03');
  });
  it('a standing counts no month of the stop unpaid, and the run goes across it', () => {
    const s = duesStanding(lines, 'm1', '2026-09', { from: '2026-01', exempt });
    expect(s).toMatchObject({ due: '2026-07', unpaidMonths: 2, run: 2, longestRun: 2 });
    expect(duesStanding(lines, 'm1', '2026-09', { from: '2026-01' })).toMatchObject({
      unpaidMonths: 4,
    });
  });
  it('an open stop: due stays at the last paid month', () => {
    const open = exemptFromEntries([st('stopped', '2026-03-15')]);
    expect(duesThrough(paidMonths('2026-01', '2026-03'), null, open)).toBe('2026-03');
  });
});
