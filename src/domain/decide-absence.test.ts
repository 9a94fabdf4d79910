import { describe, expect, it } from 'vitest';
import { decide } from './decide.ts';
import type { Intent } from './kinds/index.ts';
import {
  DAY,
  RULES,
  STATES,
  T0,
  TREE,
  outcomeOf,
  type StateName,
} from '../../test/support/domain.ts';

type Row = [string, StateName, Intent, string, number, string];
const run = ([, state, intent, iss, days, expected]: Row) =>
  expect(outcomeOf(STATES[state](), intent, iss, T0 + days * DAY)).toBe(expected);

// Day 2 is 2024-03-03: six calendar months later is 2024-09-03.
describe('temp_out (证明信开具)', () => {
  it.each<Row>([
    [
      'for six months exactly',
      'enrolled',
      { kind: 'temp_out', until: '2024-09-03', to: '深圳', reason: '外出务工' },
      'b1',
      2,
      'ok',
    ],
    ['until tomorrow', 'enrolled', { kind: 'temp_out', until: '2024-03-04' }, 'b1', 2, 'ok'],
    [
      'by a superior committee',
      'enrolled',
      { kind: 'temp_out', until: '2024-04-01' },
      'c1',
      2,
      'ok',
    ],
    [
      'by another branch',
      'enrolled',
      { kind: 'temp_out', until: '2024-04-01' },
      'b3',
      2,
      'NOT_AUTHORISED',
    ],
    [
      'for six months and a day',
      'enrolled',
      { kind: 'temp_out', until: '2024-09-04' },
      'b1',
      2,
      'TEMP_TOO_LONG',
    ],
    [
      'until today',
      'enrolled',
      { kind: 'temp_out', until: '2024-03-03' },
      'b1',
      2,
      'DATE_NOT_AFTER_TODAY',
    ],
    [
      'until a past day',
      'enrolled',
      { kind: 'temp_out', until: '2024-01-01' },
      'b1',
      2,
      'DATE_NOT_AFTER_TODAY',
    ],
    [
      'until 30 February',
      'enrolled',
      { kind: 'temp_out', until: '2024-02-30' },
      'b1',
      2,
      'INVALID_INPUT',
    ],
    [
      'while in transit',
      'inTransit',
      { kind: 'temp_out', until: '2024-04-01' },
      'b1',
      2,
      'IN_TRANSIT',
    ],
    [
      'while another is out',
      'tempOut',
      { kind: 'temp_out', until: '2024-04-01' },
      'b1',
      2,
      'TEMP_OPEN',
    ],
    ['after 出党', 'left', { kind: 'temp_out', until: '2024-04-01' }, 'b1', 2, 'MEMBER_CLOSED'],
  ])('%s → %s', (...row) => run(row));

  it('follows a configured maximum', () => {
    const rules = { ...RULES, tempMaxMonths: 3 };
    const ctx = { tree: TREE, rules, now: T0, iss: 'b1' };
    expect(decide(STATES.enrolled(), { kind: 'temp_out', until: '2024-06-01' }, ctx).dat).toEqual({
      until: '2024-06-01',
    });
    expect(() => decide(STATES.enrolled(), { kind: 'temp_out', until: '2024-06-02' }, ctx)).toThrow(
      /at most 3 months/,
    );
  });
});

describe('temp_return (证明信签回)', () => {
  it.each<Row>([
    ['by the issuing branch', 'tempOut', { kind: 'temp_return' }, 'b1', 20, 'ok'],
    ['by a superior', 'tempOut', { kind: 'temp_return' }, 'root', 20, 'ok'],
    ['by the host elsewhere', 'tempOut', { kind: 'temp_return' }, 'b4', 20, 'NOT_AUTHORISED'],
    ['without an open 证明信', 'enrolled', { kind: 'temp_return' }, 'b1', 20, 'NO_OPEN_TEMP'],
  ])('%s → %s', (...row) => run(row));

  const signBack = (date: string) =>
    decide(
      STATES.tempOut(),
      { kind: 'temp_return' },
      { tree: TREE, rules: RULES, now: Date.parse(`${date}T12:00:00Z`) / 1000, iss: 'b1' },
    ).dat;

  it('is late only after the until date', () => {
    expect(signBack('2024-05-01')).toEqual({ temp: 2, late: false });
    expect(signBack('2024-05-02')).toEqual({ temp: 2, late: true });
  });
});

describe('flow_register (流动党员)', () => {
  it.each<Row>([
    [
      'register, signed by the host',
      'enrolled',
      { kind: 'flow_register', action: 'register', host: 'b4' },
      'b4',
      2,
      'ok',
    ],
    [
      'register, signed by the member’s branch',
      'enrolled',
      { kind: 'flow_register', action: 'register', host: 'b4', until: '2024-12-31' },
      'b1',
      2,
      'ok',
    ],
    [
      'register, signed above the host',
      'enrolled',
      { kind: 'flow_register', action: 'register', host: 'g1' },
      'gb1',
      2,
      'ok',
    ],
    [
      'register while in transit',
      'inTransit',
      { kind: 'flow_register', action: 'register', host: 'b3' },
      'b3',
      2,
      'ok',
    ],
    [
      'register, signed by an unrelated org',
      'enrolled',
      { kind: 'flow_register', action: 'register', host: 'b4' },
      'b2',
      2,
      'NOT_AUTHORISED',
    ],
    [
      'register at an unknown org',
      'enrolled',
      { kind: 'flow_register', action: 'register', host: 'b99' },
      'b1',
      2,
      'UNKNOWN_ORG',
    ],
    [
      'register at the member’s own org',
      'enrolled',
      { kind: 'flow_register', action: 'register', host: 'b1' },
      'b1',
      2,
      'SAME_ORG',
    ],
    [
      'register twice at one host',
      'flowing',
      { kind: 'flow_register', action: 'register', host: 'b3' },
      'b3',
      2,
      'ALREADY_REGISTERED',
    ],
    [
      'register until a past day',
      'enrolled',
      { kind: 'flow_register', action: 'register', host: 'b4', until: '2024-03-01' },
      'b1',
      2,
      'DATE_NOT_AFTER_TODAY',
    ],
    ['cancel', 'flowing', { kind: 'flow_register', action: 'cancel', host: 'b3' }, 'b3', 2, 'ok'],
    [
      'cancel by the member’s branch',
      'flowing',
      { kind: 'flow_register', action: 'cancel', host: 'b3' },
      'b1',
      2,
      'ok',
    ],
    [
      'cancel where not registered',
      'flowing',
      { kind: 'flow_register', action: 'cancel', host: 'b4' },
      'b4',
      2,
      'NOT_REGISTERED',
    ],
    [
      'cancel with an end date',
      'flowing',
      { kind: 'flow_register', action: 'cancel', host: 'b3', until: '2024-12-31' },
      'b3',
      2,
      'INVALID_INPUT',
    ],
    [
      'an unknown action',
      'enrolled',
      { kind: 'flow_register', action: 'move' as 'cancel', host: 'b3' },
      'b3',
      2,
      'INVALID_INPUT',
    ],
    [
      'after 出党',
      'left',
      { kind: 'flow_register', action: 'register', host: 'b3' },
      'b3',
      2,
      'MEMBER_CLOSED',
    ],
  ])('%s → %s', (...row) => run(row));
});
