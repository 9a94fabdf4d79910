import { describe, expect, it } from 'vitest';
import { decide } from './decide.ts';
import { validateLedger } from './ledger.ts';
import { RULE_TITLES } from '../i18n/messages.ts';
import type { Intent } from './kinds/index.ts';
import {
  DAY,
  ENROLL,
  RULES,
  STATES,
  T0,
  TREE,
  at,
  buildLedger,
  outcomeOf,
  type StateName,
} from '../../test/support/domain.ts';

type Row = [string, StateName, Intent, string, number, string];
/** TREE with b4 dissolved (撤销) on day 10. */
const DISSOLVED_B4 = new Map(TREE).set('b4', { ...TREE.get('b4')!, dissolved: T0 + 10 * DAY });
const run = ([, state, intent, iss, days, expected]: Row, tree = TREE) =>
  expect(outcomeOf(STATES[state](), intent, iss, T0 + days * DAY, tree)).toBe(expected);

describe('transfer_out', () => {
  it.each<Row>([
    ['from the member’s branch', 'enrolled', { kind: 'transfer_out', to: 'b4' }, 'b1', 2, 'ok'],
    [
      'by a superior committee (条例 art. 25)',
      'enrolled',
      { kind: 'transfer_out', to: 'b4' },
      'c1a',
      2,
      'ok',
    ],
    ['relayed by the root 组织部', 'enrolled', { kind: 'transfer_out', to: 'b2' }, 'root', 2, 'ok'],
    [
      'by a sibling branch',
      'enrolled',
      { kind: 'transfer_out', to: 'b4' },
      'b2',
      2,
      'NOT_AUTHORISED',
    ],
    [
      'by the destination',
      'enrolled',
      { kind: 'transfer_out', to: 'b4' },
      'b4',
      2,
      'NOT_AUTHORISED',
    ],
    ['to an unknown org', 'enrolled', { kind: 'transfer_out', to: 'b99' }, 'b1', 2, 'UNKNOWN_ORG'],
    [
      'to the member’s own org',
      'enrolled',
      { kind: 'transfer_out', to: 'b1' },
      'b1',
      2,
      'SAME_ORG',
    ],
    ['while in transit', 'inTransit', { kind: 'transfer_out', to: 'b2' }, 'b1', 2, 'IN_TRANSIT'],
    ['while a 证明信 is out', 'tempOut', { kind: 'transfer_out', to: 'b2' }, 'b1', 2, 'TEMP_OPEN'],
    ['after 出党', 'left', { kind: 'transfer_out', to: 'b2' }, 'b1', 2, 'MEMBER_CLOSED'],
    [
      'with 90 days validity',
      'enrolled',
      { kind: 'transfer_out', to: 'b4', validDays: 90 },
      'b1',
      2,
      'ok',
    ],
    [
      'with 1 day validity',
      'enrolled',
      { kind: 'transfer_out', to: 'b4', validDays: 1 },
      'b1',
      2,
      'ok',
    ],
    [
      'with 91 days validity',
      'enrolled',
      { kind: 'transfer_out', to: 'b4', validDays: 91 },
      'b1',
      2,
      'VALIDITY_OUT_OF_RANGE',
    ],
    [
      'with 0 days validity',
      'enrolled',
      { kind: 'transfer_out', to: 'b4', validDays: 0 },
      'b1',
      2,
      'VALIDITY_OUT_OF_RANGE',
    ],
    [
      'with 2.5 days validity',
      'enrolled',
      { kind: 'transfer_out', to: 'b4', validDays: 2.5 },
      'b1',
      2,
      'INVALID_INPUT',
    ],
    [
      'with a blank reason',
      'enrolled',
      { kind: 'transfer_out', to: 'b4', reason: ' ' },
      'b1',
      2,
      'INVALID_INPUT',
    ],
    [
      'to an org dissolved that day (撤销)',
      'enrolled',
      { kind: 'transfer_out', to: 'b4' },
      'b1',
      10,
      'DESTINATION_DISSOLVED',
    ],
    [
      'to an org dissolved since',
      'enrolled',
      { kind: 'transfer_out', to: 'b4' },
      'c1a',
      30,
      'DESTINATION_DISSOLVED',
    ],
    [
      'to an org before its dissolution',
      'enrolled',
      { kind: 'transfer_out', to: 'b4' },
      'b1',
      9,
      'ok',
    ],
    [
      'dated before the previous entry',
      'inTransit',
      { kind: 'transfer_return' },
      'b1',
      0,
      'TIME_REVERSED',
    ],
  ])('%s → %s', (...row) => run(row, DISSOLVED_B4));

  it('a dissolved destination has its own reason, titled in Chinese and English', () => {
    expect(RULE_TITLES.DESTINATION_DISSOLVED.zh).toContain('撤销');
    expect(RULE_TITLES.DESTINATION_DISSOLVED.en).toContain('dissolved');
  });

  it('a transfer signed before the destination was dissolved still validates afterwards', () => {
    const { items } = buildLedger([
      at(0, 'b1', ENROLL),
      at(1, 'b1', { kind: 'transfer_out', to: 'b4' }),
      at(2, 'b4', { kind: 'arrival' }),
    ]);
    expect(validateLedger(items, { tree: DISSOLVED_B4, rules: RULES })).toBeUndefined();
  });

  it('derives from, validity and deadline', () => {
    const now = T0 + 2 * DAY;
    expect(
      decide(
        STATES.enrolled(),
        { kind: 'transfer_out', to: 'b4', reason: ' 工作调动 ' },
        { tree: TREE, rules: RULES, now, iss: 'b1' },
      ),
    ).toEqual({
      knd: 'transfer_out',
      dat: { from: 'b1', to: 'b4', reason: '工作调动', validDays: 30, deadline: now + 30 * DAY },
    });
  });

  it('honours a configured default', () => {
    const rules = { ...RULES, transferValidDays: 15 };
    const { dat } = decide(
      STATES.enrolled(),
      { kind: 'transfer_out', to: 'b4' },
      { tree: TREE, rules, now: T0, iss: 'b1' },
    );
    expect(dat).toMatchObject({ validDays: 15, deadline: T0 + 15 * DAY });
  });
});

describe('arrival', () => {
  it.each<Row>([
    ['signed by the destination', 'inTransit', { kind: 'arrival' }, 'b4', 5, 'ok'],
    ['naming the destination', 'inTransit', { kind: 'arrival', at: 'b4' }, 'b4', 5, 'ok'],
    ['signed by the destination’s committee', 'inTransit', { kind: 'arrival' }, 'c2', 5, 'ok'],
    ['signed by the origin', 'inTransit', { kind: 'arrival' }, 'b1', 5, 'NOT_AUTHORISED'],
    [
      'signed by the origin’s committee',
      'inTransit',
      { kind: 'arrival' },
      'c1a',
      5,
      'NOT_AUTHORISED',
    ],
    ['at another org', 'inTransit', { kind: 'arrival', at: 'b2' }, 'b2', 5, 'WRONG_DESTINATION'],
    ['without a transfer', 'enrolled', { kind: 'arrival' }, 'b1', 5, 'NOT_IN_TRANSIT'],
    ['after 出党', 'left', { kind: 'arrival' }, 'b4', 5, 'MEMBER_CLOSED'],
    ['a year late (never refused)', 'inTransit', { kind: 'arrival' }, 'b4', 400, 'ok'],
  ])('%s → %s', (...row) => run(row));

  const arrive = (now: number) =>
    decide(STATES.inTransit(), { kind: 'arrival' }, { tree: TREE, rules: RULES, now, iss: 'b4' })
      .dat;
  const deadline = T0 + 31 * DAY;

  it('is on time up to the deadline itself', () => {
    expect(arrive(deadline)).toEqual({ at: 'b4', transfer: 2, late: false, daysLate: 0 });
  });

  it('counts whole days late, rounding up', () => {
    expect(arrive(deadline + 1)).toEqual({ at: 'b4', transfer: 2, late: true, daysLate: 1 });
    expect(arrive(deadline + DAY)).toMatchObject({ late: true, daysLate: 1 });
    expect(arrive(deadline + DAY + 1)).toMatchObject({ late: true, daysLate: 2 });
  });
});

describe('transfer_return (退回)', () => {
  it.each<Row>([
    ['by the origin', 'inTransit', { kind: 'transfer_return', reason: '撤回' }, 'b1', 3, 'ok'],
    ['by the destination refusing it', 'inTransit', { kind: 'transfer_return' }, 'b4', 3, 'ok'],
    [
      'by a committee above the destination',
      'inTransit',
      { kind: 'transfer_return' },
      'c2',
      3,
      'ok',
    ],
    ['by an unrelated org', 'inTransit', { kind: 'transfer_return' }, 'b3', 3, 'NOT_AUTHORISED'],
    ['without a transfer', 'enrolled', { kind: 'transfer_return' }, 'b1', 3, 'NOT_IN_TRANSIT'],
  ])('%s → %s', (...row) => run(row));

  it('names the transfer it returns', () => {
    const { dat } = decide(
      STATES.inTransit(),
      { kind: 'transfer_return' },
      { tree: TREE, rules: RULES, now: T0 + 3 * DAY, iss: 'b4' },
    );
    expect(dat).toEqual({ transfer: 2 });
  });
});
