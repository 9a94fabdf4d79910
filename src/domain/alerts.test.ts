import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hrMoveOverdue, ledgerAlerts, stopDecisionDue } from './alerts.ts';
import { addDays, todayOf } from './dates.ts';
import { DAY, ENROLL, T0, at, buildLedger } from '../../test/support/domain.ts';

const scope = (...orgs: string[]) => new Set(orgs);

describe('ledgerAlerts', () => {
  const inTransit = buildLedger([
    at(0, 'b1', ENROLL),
    at(1, 'b1', { kind: 'transfer_out', to: 'b4', validDays: 10 }),
  ]);

  it('an arrival is awaited at the destination, and overdue at the origin after the deadline', () => {
    const { state, items } = inTransit;
    expect(ledgerAlerts(state!, items, scope('b4'), T0 + 2 * DAY).map((a) => a.type)).toEqual([
      'arrival_awaiting',
    ]);
    expect(ledgerAlerts(state!, items, scope('b1'), T0 + 2 * DAY)).toEqual([]);
    const late = ledgerAlerts(state!, items, scope('b1', 'b4'), T0 + 14 * DAY);
    expect(late.map((a) => [a.type, a.daysOverdue])).toEqual([
      ['arrival_awaiting', 3],
      ['transfer_overdue', 3],
    ]);
  });

  it('a 证明信 past its end date is overdue at the member’s org, with its destination', () => {
    const { state, items } = buildLedger([
      at(0, 'b1', ENROLL),
      at(1, 'b1', { kind: 'temp_out', until: '2024-03-10', to: '深圳' }),
    ]);
    const [alert] = ledgerAlerts(state!, items, scope('b1'), T0 + 12 * DAY);
    expect(alert).toMatchObject({
      type: 'temp_overdue',
      daysOverdue: 3,
      detail: { temp: 2, until: '2024-03-10', to: '深圳' },
    });
    expect(ledgerAlerts(state!, items, scope('b4'), T0 + 12 * DAY)).toEqual([]);
  });

  it.each(['deceased', 'left'] as const)(
    'a 证明信 closed by %s raises nothing (the bug of the SQL version)',
    (change) => {
      const { state, items } = buildLedger([
        at(0, 'b1', ENROLL),
        at(1, 'b1', { kind: 'temp_out', until: '2024-03-10' }),
        at(2, 'b1', { kind: 'status', change, date: '2024-03-03' }),
      ]);
      expect(ledgerAlerts(state!, items, scope('b1'), T0 + 60 * DAY)).toEqual([]);
    },
  );

  it('a membership stopped two years ago is due for a decision at the member’s org; restoring it ends that', () => {
    const stop = at(1, 'b1', {
      kind: 'status',
      change: 'stopped',
      date: '2024-03-02',
      reason: '失联6个月以上',
    });
    const { state, items } = buildLedger([at(0, 'b1', ENROLL), stop]);
    expect(ledgerAlerts(state!, items, scope('b1'), T0 + 700 * DAY)).toEqual([]);
    // T0 is 2024-03-01: 2026-03-02 is due, two calendar years after the stop.
    const [due] = ledgerAlerts(state!, items, scope('c1', 'b1'), T0 + 736 * DAY);
    expect(due).toMatchObject({
      type: 'stopped_overdue',
      daysOverdue: 5,
      detail: { since: '2024-03-02', due: '2026-03-02' },
    });
    expect(ledgerAlerts(state!, items, scope('b4'), T0 + 736 * DAY)).toEqual([]);
    const restored = buildLedger([
      at(0, 'b1', ENROLL),
      stop,
      at(2, 'b1', { kind: 'status', change: 'restored', date: '2024-03-03', reason: '恢复' }),
    ]);
    expect(ledgerAlerts(restored.state!, restored.items, scope('b1'), T0 + 800 * DAY)).toEqual([]);
  });

  it.each([
    ['2024-03-02', '2026-03-02'],
    ['2024-02-29', '2026-02-28'],
    ['2025-12-31', '2027-12-31'],
  ])('stopped on %s → decision due %s', (on, due) => expect(stopDecisionDue(on)).toBe(due));

  it('raises only what the state holds open, for any day and scope', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400 }), fc.subarray(['b1', 'b4', 'c1']), (d, orgs) => {
        const { state, items } = inTransit;
        for (const a of ledgerAlerts(state!, items, new Set(orgs), T0 + d * DAY)) {
          expect(a.type).not.toBe('temp_overdue');
          expect(a.daysOverdue).toBeGreaterThanOrEqual(0);
          if (a.type === 'transfer_overdue') expect(orgs).toContain('b1');
          if (a.type === 'arrival_awaiting') expect(orgs).toContain('b4');
        }
      }),
    );
  });
});

describe('hrMoveOverdue', () => {
  // T0 is 2024-03-01; the member was enrolled then, at b1.
  const moved = { movedOn: '2024-03-10' };
  const enrolled = buildLedger([at(0, 'b1', ENROLL)]).state!;
  const withEntry = (days: number, intent: Parameters<typeof at>[2]) =>
    buildLedger([at(0, 'b1', ENROLL), at(days, 'b1', intent)]).state!;

  it.each([
    ['within the grace period', enrolled, '2024-03-25', undefined],
    ['on its last day', enrolled, '2024-04-09', undefined],
    ['the day after', enrolled, '2024-04-10', 1],
    ['two weeks after', enrolled, '2024-04-23', 14],
    ['naming nobody in the ledger', undefined, '2024-04-10', 1],
    [
      'transferred after the move',
      withEntry(20, { kind: 'transfer_out', to: 'b4' }),
      '2024-05-01',
      undefined,
    ],
    // Signed 2024-03-02, eight days before the move: within the grace period before it, it counts.
    [
      'transferred shortly before the move',
      withEntry(1, { kind: 'transfer_out', to: 'b4' }),
      '2024-05-01',
      undefined,
    ],
    [
      'deceased since',
      withEntry(5, { kind: 'status', change: 'deceased', date: '2024-03-05' }),
      '2024-05-01',
      undefined,
    ],
    [
      'left since',
      withEntry(5, { kind: 'status', change: 'left', date: '2024-03-05' }),
      '2024-05-01',
      undefined,
    ],
    [
      'with only a 证明信',
      withEntry(5, { kind: 'temp_out', until: '2024-03-20' }),
      '2024-04-10',
      1,
    ],
  ] as const)('a move %s → %s', (_what, member, today, expected) => {
    expect(hrMoveOverdue(moved, member, today, 30)).toBe(expected);
  });

  it('a transfer signed more than the grace period before the move does not match it', () => {
    // Transfer on 2024-03-02, move recorded 2024-05-10: 69 days later, past 30.
    const member = withEntry(1, { kind: 'transfer_out', to: 'b4' });
    expect(hrMoveOverdue({ movedOn: '2024-05-10' }, member, '2024-06-10', 30)).toBe(1);
  });

  it('is overdue exactly when the grace period is over, and by as many days, for any dates', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 400 }),
        fc.integer({ min: 0, max: 90 }),
        fc.integer({ min: 0, max: 400 }),
        (moveDay, grace, later) => {
          const movedOn = addDays('2024-03-01', moveDay);
          const today = addDays(movedOn, later);
          const days = hrMoveOverdue({ movedOn }, enrolled, today, grace);
          expect(days).toBe(later > grace ? later - grace : undefined);
        },
      ),
    );
  });

  it('a transfer in the window always matches, one before it never does', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 120 }), (signedDay) => {
        const member = withEntry(signedDay, { kind: 'transfer_out', to: 'b4' });
        const signedOn = todayOf(T0 + signedDay * DAY);
        const movedOn = addDays(signedOn, 10);
        const today = addDays(movedOn, 40);
        expect(hrMoveOverdue({ movedOn }, member, today, 30)).toBeUndefined();
        expect(
          hrMoveOverdue({ movedOn: addDays(signedOn, 31) }, member, addDays(signedOn, 200), 30),
        ).toBeGreaterThan(0);
      }),
    );
  });
});
