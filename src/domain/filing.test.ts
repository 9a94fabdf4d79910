import { describe, expect, it } from 'vitest';
import { PmcError } from '../errors.ts';
import {
  decideExempt,
  decideFile,
  decideReview,
  filesFor,
  filingStatus,
  isLate,
  type FileContext,
  type FilingEvent,
  type FilingStatus,
} from './filing.ts';
import { diffFigures } from './figures-diff.ts';
import { computeIndicators, figuresOf, periodOf, type Figures } from './indicators.ts';
import { DEFAULT_RULES } from './rules.ts';
import type { OrgNode } from './types.ts';
import { TREE } from '../../test/support/domain.ts';

const EMPTY: Figures = figuresOf(
  computeIndicators({
    org: 'c1',
    tree: TREE,
    period: periodOf(2024, '12-31'),
    members: [],
    rules: DEFAULT_RULES,
  }),
);
const withBalance = (b: Partial<Figures['balance']>): Figures => ({
  ...EMPTY,
  balance: { ...EMPTY.balance, ...b },
});
const filed = (ver: number, iat = 100): FilingEvent => ({
  knd: 'filed',
  ver,
  hash: `h${ver}`,
  iat,
  by: 'c1',
  figures: EMPTY,
});
const accepted = (ver: number): FilingEvent => ({
  knd: 'accepted',
  ver,
  hash: 'a',
  iat: 200,
  by: 'root',
});
const returned = (ver: number): FilingEvent => ({
  knd: 'returned',
  ver,
  hash: 'r',
  iat: 200,
  by: 'root',
  reason: '数字有误',
});

const reasonOf = (f: () => unknown): string | undefined => {
  try {
    f();
    return undefined;
  } catch (err) {
    if (!(err instanceof PmcError)) throw err;
    return err.reason;
  }
};

const ctx = (over: Partial<FileContext> = {}): FileContext => ({
  status: filingStatus([], true),
  children: [],
  figures: EMPTY,
  explanations: {},
  nameLists: {},
  largeChange: 0.2,
  ...over,
});

describe('filingStatus', () => {
  it.each<[string, FilingEvent[], boolean, FilingStatus['state'], number]>([
    ['nothing yet, children pending', [], false, 'awaiting_children', 0],
    ['nothing yet, children done', [], true, 'ready', 0],
    ['filed', [filed(1)], true, 'filed', 1],
    ['accepted', [filed(1), accepted(1)], true, 'accepted', 1],
    ['returned', [filed(1), returned(1)], true, 'returned', 1],
    ['refiled after a return', [filed(1), returned(1), filed(2)], true, 'filed', 2],
    [
      'a stale acceptance of version 1 does not accept version 2',
      [filed(1), returned(1), filed(2), accepted(1)],
      true,
      'filed',
      2,
    ],
  ])('%s', (_name, events, done, state, version) => {
    const s = filingStatus(events, done);
    expect(s.state).toBe(state);
    expect(s.version).toBe(version);
  });
});

describe('decideFile: the 审核要点 before 上报', () => {
  it('files version 1, and version n + 1 after a return', () => {
    expect(decideFile(ctx())).toEqual({ ver: 1 });
    expect(decideFile(ctx({ status: filingStatus([filed(1), returned(1)], true) }))).toEqual({
      ver: 2,
    });
  });

  it.each<[string, Partial<FileContext>, string]>([
    ['awaits the parent', { status: filingStatus([filed(1)], true) }, 'FILING_PENDING'],
    [
      'accepted is locked',
      { status: filingStatus([filed(1), accepted(1)], true) },
      'FILING_LOCKED',
    ],
    [
      'a child not yet accepted',
      { children: [{ org: 'b1', status: filingStatus([filed(1)], true) }] },
      'CHILDREN_PENDING',
    ],
    [
      'an unexplained difference',
      { figures: withBalance({ difference: -1 }), nameLists: { difference: ['m1'] } },
      'UNEXPLAINED_DIFFERENCE',
    ],
    [
      'an opening that is not last year’s closing',
      { figures: withBalance({ opening: 10, closing: 10 }), lastClosing: 9 },
      'OPENING_MISMATCH',
    ],
    [
      'a large change from last year',
      { figures: withBalance({ opening: 10, closing: 13 }), lastClosing: 10 },
      'LARGE_CHANGE',
    ],
    [
      'a difference without its name list',
      {
        figures: withBalance({ difference: 2 }),
        explanations: { difference: '漏登' },
        nameLists: { difference: ['m1'] },
      },
      'NAME_LIST_REQUIRED',
    ],
    [
      'restored members without a name list',
      { figures: withBalance({ restored: 1 }) },
      'NAME_LIST_REQUIRED',
    ],
  ])('refuses: %s', (_name, over, reason) => {
    expect(reasonOf(() => decideFile(ctx(over)))).toBe(reason);
  });

  it('files over children that are accepted or exempted, and with explanations given', () => {
    const children = [
      { org: 'b1', status: filingStatus([filed(1), accepted(1)], true) },
      {
        org: 'b2',
        status: filingStatus(
          [{ knd: 'exempted', hash: 'e', iat: 1, by: 'c1', reason: '撤销合并', late: false }],
          true,
        ),
      },
    ];
    const figures = withBalance({ opening: 10, closing: 13, difference: 1 });
    const over = {
      children,
      figures,
      lastClosing: 9,
      explanations: { difference: '漏登一人', opening: '去年少报', change: '新建支部' },
      nameLists: { difference: ['m7'] },
    };
    expect(decideFile(ctx(over))).toEqual({ ver: 1 });
  });
});

describe('decideReview and decideExempt', () => {
  it('reviews only a filed version; a return needs a reason', () => {
    const s = filingStatus([filed(1)], true);
    expect(decideReview(s, 'accepted', undefined)).toEqual({ ver: 1 });
    expect(reasonOf(() => decideReview(s, 'returned', ' '))).toBe('REASON_REQUIRED');
    expect(reasonOf(() => decideReview(filingStatus([], true), 'accepted', undefined))).toBe(
      'NOTHING_TO_REVIEW',
    );
    expect(
      reasonOf(() => decideReview(filingStatus([filed(1), accepted(1)], true), 'returned', '错')),
    ).toBe('NOTHING_TO_REVIEW');
  });

  it('exempts with a reason, never an accepted filing', () => {
    expect(reasonOf(() => decideExempt(filingStatus([], false), ''))).toBe('REASON_REQUIRED');
    expect(reasonOf(() => decideExempt(filingStatus([filed(1), accepted(1)], true), '撤销'))).toBe(
      'FILING_LOCKED',
    );
    expect(decideExempt(filingStatus([], false), '撤销合并')).toBeUndefined();
  });
});

describe('isLate', () => {
  const day = (d: string) => Date.parse(`${d}T12:00:00Z`) / 1000;
  it('is late after the deadline, unless an extension covers it', () => {
    expect(isLate(filingStatus([filed(1, day('2025-01-20'))], true), '2025-01-31', 0)).toBe(false);
    expect(isLate(filingStatus([filed(1, day('2025-02-02'))], true), '2025-01-31', 0)).toBe(true);
    const extended = filingStatus(
      [
        { knd: 'extended', hash: 'x', iat: 1, by: 'root', until: '2025-02-10', reason: '系统故障' },
        filed(1, day('2025-02-02')),
      ],
      true,
    );
    expect(isLate(extended, '2025-01-31', 0)).toBe(false);
    expect(isLate(filingStatus([], true), '2025-01-31', day('2025-02-01'))).toBe(true);
  });
});

describe('diffFigures', () => {
  it('names each differing cell by path', () => {
    const changed = withBalance({ closing: 5 });
    expect(diffFigures(EMPTY, changed)).toEqual([
      { path: 'balance.closing', filed: 0, recomputed: 5 },
    ]);
    expect(diffFigures(EMPTY, structuredClone(EMPTY))).toEqual([]);
  });
});

describe('filesFor: who is expected to file for a year', () => {
  const until = (year: number, cutoff = '12-31') => periodOf(year, cutoff).until;
  const b = (dissolvedIso?: string): OrgNode => ({
    id: 'b9',
    name: '第九党支部',
    type: 'branch',
    parent: 'c1',
    ...(dissolvedIso ? { dissolved: Date.parse(dissolvedIso) / 1000 } : {}),
  });
  it.each<[string, OrgNode, number, string, boolean]>([
    ['a live branch', b(), 2026, '12-31', true],
    [
      'a 党小组 never (its members count in its 支部)',
      { ...b(), type: 'group' },
      2026,
      '12-31',
      false,
    ],
    ['dissolved in 2026, for 2025', b('2026-06-30T00:00:00Z'), 2025, '12-31', true],
    ['dissolved in 2026, for 2024', b('2026-06-30T00:00:00Z'), 2024, '12-31', true],
    ['dissolved in 2026, for 2026', b('2026-06-30T00:00:00Z'), 2026, '12-31', false],
    ['dissolved in 2026, for 2027', b('2026-06-30T00:00:00Z'), 2027, '12-31', false],
    [
      'dissolved at the last second of 2026, for 2026',
      b('2026-12-31T23:59:59Z'),
      2026,
      '12-31',
      false,
    ],
    [
      'dissolved on 2027-01-05 before filing, for 2026',
      b('2027-01-05T00:00:00Z'),
      2026,
      '12-31',
      true,
    ],
    [
      'dissolved in December after an 11-30 cut-off, for that year',
      b('2026-12-15T00:00:00Z'),
      2026,
      '11-30',
      true,
    ],
    [
      'dissolved in December after an 11-30 cut-off, for the next',
      b('2026-12-15T00:00:00Z'),
      2027,
      '11-30',
      false,
    ],
  ])('%s → %s', (_, node, year, cutoff, expected) => {
    expect(filesFor(node, until(year, cutoff))).toBe(expected);
  });
});
