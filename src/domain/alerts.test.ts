import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ledgerAlerts } from './alerts.ts';
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
