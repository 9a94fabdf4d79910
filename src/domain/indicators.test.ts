/**
 * The annual indicators on a hand-built year whose figures are counted by hand
 * below, and the balance identity of table 1 on generated histories.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PmcError } from '../errors.ts';
import { addDays, startOfDay, todayOf } from './dates.ts';
import {
  ageAt,
  ageBandOf,
  computeIndicators,
  periodOf,
  type MemberHistory,
  type MemberProfile,
} from './indicators.ts';
import type { Intent } from './kinds/index.ts';
import { foldAllFigures } from './indicators-all.ts';
import { isAncestorOrSelf } from './org-tree.ts';
import { DEFAULT_RULES } from './rules.ts';
import { ORG_IDS, TREE, appendStep, type Built } from '../../test/support/domain.ts';

const HOUR = 3_600;
/** 09:00Z on a date. */
const on = (date: string) => startOfDay(date) + 9 * HOUR;
const PROFILE: MemberProfile = {
  gender: 'M',
  ethnicity: '汉族',
  birthDate: '1985-06-01',
  cadre: false,
};

type Step = [date: string, iss: string, intent: Intent];

function member(id: string, steps: Step[], profile: Partial<MemberProfile> = {}): MemberHistory {
  const built = steps.reduce<Built>(
    (b, [date, iss, intent]) => appendStep(b, { intent, iss, now: on(date) }, id),
    { state: undefined, items: [] },
  );
  return { id, entries: built.items.map((i) => i.claims), profile: { ...PROFILE, ...profile } };
}

const enroll = (
  org: string,
  joined = '2023-05-01',
  category: 'full' | 'probationary' = 'full',
): Intent => ({ kind: 'enroll', org, name: '党员', category, personnel: 'police', joined });
const out = (to: string, reason: string, validDays = 30): Intent => ({
  kind: 'transfer_out',
  to,
  reason,
  validDays,
});
const ARRIVE: Intent = { kind: 'arrival' };

// The year 2024 of 市公安局党委 (c1: c1a{b1,b2}, gb1{b3{g1}}); c2 holds b4.
const YEAR = [
  // On time out of c1: b1 → b4 (c2), 19 days.
  member('m1', [
    ['2023-06-10', 'b1', enroll('b1')],
    ['2024-03-01', 'b1', out('b4', '工作调动')],
    ['2024-03-20', 'b4', ARRIVE],
  ]),
  // Late into c1: b4 → b2, 61 days on a 30-day letter.
  member('m2', [
    ['2023-06-10', 'b4', enroll('b4')],
    ['2024-04-01', 'b4', out('b2', '工作调动')],
    ['2024-06-01', 'b2', ARRIVE],
  ]),
  // Never arrives: in transit past its deadline at the cut-off (口袋党员 risk), a cadre.
  member(
    'm3',
    [
      ['2023-06-10', 'b1', enroll('b1')],
      ['2024-10-01', 'b1', out('b4', '学习深造')],
    ],
    { cadre: true },
  ),
  // A 证明信 signed back.
  member(
    'm4',
    [
      ['2023-06-10', 'b2', enroll('b2')],
      ['2024-02-01', 'b2', { kind: 'temp_out', until: '2024-05-01' }],
      ['2024-04-20', 'b2', { kind: 'temp_return' }],
    ],
    { gender: 'F' },
  ),
  // A 证明信 still out after its end date.
  member(
    'm5',
    [
      ['2023-06-10', 'b3', enroll('b3')],
      ['2024-09-01', 'b3', { kind: 'temp_out', until: '2024-11-30' }],
    ],
    { ethnicity: '回族', birthDate: '2000-01-01' },
  ),
  // Died in July.
  member('m6', [
    ['2023-06-10', 'b1', enroll('b1')],
    ['2024-07-01', 'b1', { kind: 'status', change: 'deceased', date: '2024-06-28' }],
  ]),
  // Admitted in 2024 as a 预备党员.
  member('m7', [['2024-01-15', 'b2', enroll('b2', '2024-01-10', 'probationary')]]),
  // A 预备党员 made full in May.
  member('m8', [
    ['2023-06-10', 'b1', enroll('b1', '2023-05-01', 'probationary')],
    ['2024-05-10', 'b1', { kind: 'status', change: 'full_membership', date: '2024-05-01' }],
  ]),
  // Internal: b1 → b3, both in c1, 9 days.
  member('m9', [
    ['2023-06-10', 'b1', enroll('b1')],
    ['2024-05-01', 'b1', out('b3', '机构调整')],
    ['2024-05-10', 'b3', ARRIVE],
  ]),
];

const RULES = DEFAULT_RULES;
const period = periodOf(2024, '12-31');

describe('computeIndicators on a hand-counted year', () => {
  const c1 = computeIndicators({
    org: 'c1',
    tree: TREE,
    period,
    members: YEAR,
    rules: RULES,
    dues: [
      { member: 'm4', unpaidMonths: 6, collectedFen: 0 },
      { member: 'm5', unpaidMonths: 3, collectedFen: 3_000 },
      { member: 'm8', unpaidMonths: 0, collectedFen: 12_000 },
    ],
  });

  it('closes the balance of table 1', () => {
    // Opening (end of 2023 in c1): m1 m3 m4 m5 m6 m8 m9 = 7.
    // + admitted m7, + from c2 m2; − died m6, − to c2 m1 (m3 still counts: in transit).
    expect(c1.balance).toEqual({
      opening: 7,
      admitted: 1,
      transferredInInside: 1,
      transferredInOutside: 0,
      restored: 0,
      died: 1,
      left: 0,
      transferredOutInside: 1,
      transferredOutOutside: 0,
      stopped: 0,
      expectedClosing: 7,
      closing: 7,
      difference: 0,
    });
    expect(c1.members).toEqual(['m2', 'm3', 'm4', 'm5', 'm7', 'm8', 'm9']);
  });

  it('counts transfers, lateness and the 口袋党员 risk', () => {
    expect(c1.transfers).toMatchObject({
      in: 1, // m2
      out: 2, // m1, m3 (signed out of c1; m9 stayed inside)
      internal: 1, // m9
      outByReason: { 工作调动: 1, 学习深造: 1 },
      outCadres: 1,
      arrivals: 2, // m2 late, m9 on time
      arrivalsOnTime: 1,
      onTimeRate: 0.5,
      medianDaysToReport: 35, // (61 + 9) / 2
      inTransitAtCutoff: 1,
      inTransitOverdue: 1,
    });
    expect(c1.transfers.outByPersonnel.police).toBe(2);
  });

  it('counts 证明信 issued, returned and still out past their end', () => {
    expect(c1.temps).toEqual({ issued: 2, returned: 1, returnRate: 0.5, openPastEnd: 1 });
  });

  it('describes the year-end membership', () => {
    expect(c1.structure.total).toBe(7);
    expect(c1.structure.byCategory).toEqual({ full: 6, probationary: 1 }); // m7
    expect(c1.structure.women).toBe(1);
    expect(c1.structure.ethnicMinorities).toBe(1);
    expect(c1.structure.cadres).toBe(1);
    expect(c1.structure.byAge['30-']).toBe(1); // m5, 24
    expect(c1.structure.byAge['36-40']).toBe(6); // born 1985-06-01: 39
  });

  it('counts dues from the standings, with the rules’ thresholds', () => {
    expect(c1.dues).toEqual({
      recorded: true,
      fullyPaid: 1,
      unpaid3Plus: 2,
      unpaid6Plus: 1,
      collectedFen: 15_000,
    });
    const none = computeIndicators({ org: 'c1', tree: TREE, period, members: YEAR, rules: RULES });
    expect(none.dues).toEqual({
      recorded: false,
      fullyPaid: 0,
      unpaid3Plus: 0,
      unpaid6Plus: 0,
      collectedFen: 0,
    });
  });

  it('counts the organisations under it by type', () => {
    expect(c1.orgsByType).toEqual({
      root: 0,
      committee: 1,
      general_branch: 1,
      branch: 3,
      group: 1,
    });
  });

  it('sees the same year from the other side (c2) and from one branch', () => {
    const c2 = computeIndicators({ org: 'c2', tree: TREE, period, members: YEAR, rules: RULES });
    // c2 opens with m2, loses m2 to c1 and gains m1.
    expect(c2.balance).toMatchObject({ opening: 1, transferredInInside: 1, closing: 1 });
    expect(c2.balance.transferredOutInside).toBe(1);
    const b1 = computeIndicators({ org: 'b1', tree: TREE, period, members: YEAR, rules: RULES });
    // b1 opens with m1 m3 m6 m8 m9; m9 left for b3 (inside c1, outside b1).
    expect(b1.balance).toMatchObject({ opening: 5, died: 1, transferredOutInside: 2, closing: 2 });
  });

  it('takes last year’s filed closing as the opening, and shows the difference', () => {
    const off = computeIndicators({
      org: 'c1',
      tree: TREE,
      period,
      members: YEAR,
      rules: RULES,
      openingOverride: 8,
    });
    expect(off.balance).toMatchObject({
      opening: 8,
      expectedClosing: 8,
      closing: 7,
      difference: -1,
    });
  });

  it('ignores entries after the cut-off', () => {
    const later = [...YEAR, member('m10', [['2025-01-02', 'b1', enroll('b1', '2024-12-01')]])];
    const c1b = computeIndicators({ org: 'c1', tree: TREE, period, members: later, rules: RULES });
    expect(c1b.balance).toEqual(c1.balance);
  });
});

describe('ages', () => {
  it.each([
    ['1990-12-31', '2026-12-31', 36],
    ['1991-01-01', '2026-12-31', 35],
    ['2000-02-29', '2026-02-28', 25],
  ])('ageAt(%s, %s) = %i', (birth, date, age) => expect(ageAt(birth, date)).toBe(age));

  it.each([
    [18, '30-'],
    [30, '30-'],
    [31, '31-35'],
    [35, '31-35'],
    [36, '36-40'],
    [60, '56-60'],
    [61, '61-70'],
    [80, '71-80'],
    [81, '81+'],
  ] as const)('age %i is in band %s', (age, band) => expect(ageBandOf(age)).toBe(band));
});

describe('停止党籍 and 恢复党籍', () => {
  const stop = (date: string) =>
    ({ kind: 'status', change: 'stopped', date, reason: '失联6个月以上' }) as Intent;
  const restore = (date: string) =>
    ({ kind: 'status', change: 'restored', date, reason: '经审查恢复' }) as Intent;
  const members = [
    member('s1', [
      ['2023-06-10', 'b1', enroll('b1')],
      ['2024-03-01', 'b1', stop('2024-03-01')],
    ]),
    member('s2', [
      ['2023-06-10', 'b2', enroll('b2')],
      ['2023-09-01', 'b2', stop('2023-09-01')],
      ['2024-08-01', 'b2', restore('2024-08-01')],
    ]),
  ];
  const r = computeIndicators({ org: 'c1', tree: TREE, period, members, rules: RULES });

  it('count on their own lines of table 1, and a stopped member is no longer counted', () => {
    // Opening: s1 only (s2 was stopped in 2023); − stopped s1, + restored s2.
    expect(r.balance).toMatchObject({ opening: 1, stopped: 1, restored: 1, closing: 1 });
    expect(r.balance.difference).toBe(0);
    expect(r.structure.total).toBe(1);
  });
});

// Random members walk the tree over two years; whatever the rules allow is applied.
const intentArb: fc.Arbitrary<(today: string, org: string) => Intent> = fc.oneof(
  fc.constantFrom(...ORG_IDS).map((to) => () => out(to, '工作调动') as Intent),
  fc.constant(() => ARRIVE),
  fc.constant(() => ARRIVE),
  fc.constant(() => ({ kind: 'transfer_return' }) as Intent),
  fc.constant((today: string) => ({ kind: 'temp_out', until: addDays(today, 60) }) as Intent),
  fc.constant(() => ({ kind: 'temp_return' }) as Intent),
  fc
    .constantFrom('left', 'deceased', 'full_membership', 'stopped', 'restored')
    .map(
      (change) => (today: string) =>
        ({ kind: 'status', change, date: today, reason: '依规定' }) as Intent,
    ),
);
const historyArb = fc.record({
  start: fc.constantFrom(...ORG_IDS),
  joinedDaysBefore: fc.integer({ min: 0, max: 1500 }),
  firstDay: fc.integer({ min: 0, max: 700 }),
  steps: fc.array(
    fc.record({
      gap: fc.integer({ min: 1, max: 120 }),
      // 'root' (most often) stands for the org that should sign; the others try their luck.
      iss: fc.oneof(
        { weight: 3, arbitrary: fc.constant('root') },
        { weight: 1, arbitrary: fc.constantFrom(...ORG_IDS) },
      ),
      intent: intentArb,
    }),
    { maxLength: 12 },
  ),
});

type History = typeof historyArb extends fc.Arbitrary<infer T> ? T : never;

function randomMember(id: string, h: History): MemberHistory {
  let day = startOfDay('2023-01-01') + h.firstDay * 86_400 + 9 * HOUR;
  const joined = addDays(todayOf(day), -h.joinedDaysBefore);
  let built = appendStep(
    { state: undefined, items: [] },
    { intent: enroll(h.start, joined, 'probationary'), iss: h.start, now: day },
    id,
  );
  for (const s of h.steps) {
    day += s.gap * 86_400;
    const state = built.state!;
    // Arrivals are signed by the destination, most others by the member's org.
    const iss = s.iss !== 'root' ? s.iss : (state.transfer?.to ?? state.org);
    try {
      built = appendStep(built, { intent: s.intent(todayOf(day), state.org), iss, now: day }, id);
    } catch (err) {
      if (!(err instanceof PmcError)) throw err;
    }
  }
  return { id, entries: built.items.map((i) => i.claims), profile: PROFILE };
}

describe('the balance identity on generated histories', () => {
  it('opening + additions − removals = closing, for every org of the tree and both years', () => {
    fc.assert(
      fc.property(fc.array(historyArb, { minLength: 1, maxLength: 8 }), (hs) => {
        const members = hs.map((h, i) => randomMember(`g${i}`, h));
        for (const year of [2023, 2024]) {
          const p = periodOf(year, '12-31');
          for (const org of ORG_IDS) {
            const r = computeIndicators({ org, tree: TREE, period: p, members, rules: RULES });
            expect(r.balance.difference).toBe(0);
            expect(r.balance.closing).toBe(r.members.length);
            expect(r.structure.total).toBe(r.balance.closing);
            expect(r.transfers.arrivalsOnTime).toBeLessThanOrEqual(r.transfers.arrivals);
          }
          // Last year's closing is this year's opening.
          const prev = computeIndicators({
            org: 'root',
            tree: TREE,
            period: periodOf(year - 1, '12-31'),
            members,
            rules: RULES,
          });
          const cur = computeIndicators({
            org: 'root',
            tree: TREE,
            period: p,
            members,
            rules: RULES,
          });
          expect(cur.balance.opening).toBe(prev.balance.closing);
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe('every org in one pass', () => {
  const profileArb = fc.record({
    gender: fc.constantFrom('M' as const, 'F' as const),
    ethnicity: fc.constantFrom('汉族', '回族', '', null),
    birthDate: fc.constantFrom('1950-02-28', '1985-06-01', '1999-12-31', '2004-01-01'),
    cadre: fc.boolean(),
  });
  // Dues as the service finds them: the org holding the member now, and a standing (or no lines).
  const duesArb = fc.option(
    fc.record({
      org: fc.constantFrom(...ORG_IDS),
      unpaidMonths: fc.integer({ min: 0, max: 8 }),
      collectedFen: fc.integer({ min: 0, max: 50_000 }),
      recorded: fc.boolean(),
    }),
    { nil: undefined },
  );
  const memberArb = fc.record({ history: historyArb, profile: profileArb, dues: duesArb });

  it('gives every org the indicators computeIndicators gives it', () => {
    fc.assert(
      fc.property(
        fc.array(memberArb, { minLength: 1, maxLength: 10 }),
        fc.dictionary(fc.constantFrom(...ORG_IDS), fc.nat({ max: 9 })),
        (ms, openingsObj) => {
          const members = ms.map((x, i) => ({
            ...randomMember(`g${i}`, x.history),
            profile: x.profile,
          }));
          const openings = new Map(Object.entries(openingsObj));
          for (const year of [2023, 2024]) {
            const period = periodOf(year, '12-31');
            const fold = foldAllFigures({ tree: TREE, period, rules: DEFAULT_RULES });
            ms.forEach((x, i) => {
              const d = x.dues;
              fold.add(
                members[i]!,
                d && {
                  org: d.org,
                  recorded: d.recorded,
                  // No lines: the standing of an empty record.
                  standing: {
                    member: `g${i}`,
                    unpaidMonths: d.recorded ? d.unpaidMonths : 0,
                    collectedFen: d.recorded ? d.collectedFen : 0,
                  },
                },
              );
            });
            const all = fold.finish(openings);
            expect([...all.keys()].sort()).toEqual([...ORG_IDS].sort());
            for (const org of ORG_IDS) {
              // The service's rule: standings of members held in the subtree, when any has a line.
              const held = ms.flatMap((x, i) =>
                x.dues && isAncestorOrSelf(TREE, org, x.dues.org) ? [{ ...x.dues, i }] : [],
              );
              const dues = held.some((d) => d.recorded)
                ? held.map((d) => ({
                    member: `g${d.i}`,
                    unpaidMonths: d.recorded ? d.unpaidMonths : 0,
                    collectedFen: d.recorded ? d.collectedFen : 0,
                  }))
                : undefined;
              const one = computeIndicators({
                org,
                tree: TREE,
                period,
                members,
                rules: DEFAULT_RULES,
                ...(openings.has(org) ? { openingOverride: openings.get(org)! } : {}),
                ...(dues ? { dues } : {}),
              });
              expect(all.get(org)).toEqual(one);
            }
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
