import { describe, expect, it } from 'vitest';
import { decide } from './decide.ts';
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
const run = ([, state, intent, iss, days, expected]: Row) =>
  expect(outcomeOf(STATES[state](), intent, iss, T0 + days * DAY)).toBe(expected);
const enroll = (change: Partial<typeof ENROLL>) => ({ ...ENROLL, ...change }) as Intent;

describe('enroll', () => {
  it.each<[string, Intent, string, string]>([
    ['by the member’s branch', ENROLL, 'b1', 'ok'],
    ['by a superior', ENROLL, 'root', 'ok'],
    [
      'a full member with a full date',
      enroll({ category: 'full', fullOn: '2024-01-01' } as never),
      'b1',
      'ok',
    ],
    ['joined today', enroll({ joined: '2024-03-01' } as never), 'b1', 'ok'],
    ['by another branch', ENROLL, 'b2', 'NOT_AUTHORISED'],
    ['by an org outside the tree', ENROLL, 'nowhere', 'NOT_AUTHORISED'],
    ['at an unknown org', enroll({ org: 'b99' } as never), 'root', 'UNKNOWN_ORG'],
    ['an empty name', enroll({ name: '  ' } as never), 'b1', 'INVALID_INPUT'],
    ['a 51-character name', enroll({ name: '张'.repeat(51) } as never), 'b1', 'INVALID_INPUT'],
    ['a 50-character name', enroll({ name: '张'.repeat(50) } as never), 'b1', 'ok'],
    ['an unknown category', enroll({ category: 'honorary' } as never), 'b1', 'INVALID_INPUT'],
    ['an unknown personnel type', enroll({ personnel: 'cadet' } as never), 'b1', 'INVALID_INPUT'],
    ['joined tomorrow', enroll({ joined: '2024-03-02' } as never), 'b1', 'DATE_IN_FUTURE'],
    ['joined on 30 February', enroll({ joined: '2023-02-30' } as never), 'b1', 'INVALID_INPUT'],
    [
      'a probationary member with a full date',
      enroll({ fullOn: '2024-01-01' } as never),
      'b1',
      'INVALID_INPUT',
    ],
    [
      'full before joining',
      enroll({ category: 'full', fullOn: '2023-01-01' } as never),
      'b1',
      'DATE_BEFORE_JOINED',
    ],
  ])('%s → %s', (_name, intent, iss, expected) =>
    expect(outcomeOf(undefined, intent, iss, T0)).toBe(expected),
  );

  it('only on an empty ledger', () =>
    expect(outcomeOf(STATES.enrolled(), ENROLL, 'b1', T0 + DAY)).toBe('ALREADY_ENROLLED'));

  it('signs the trimmed name and no undefined fields', () => {
    const { dat } = decide(undefined, enroll({ name: ' 张三 ' } as never), {
      tree: TREE,
      rules: RULES,
      now: T0,
      iss: 'b1',
    });
    expect(dat).toStrictEqual({
      org: 'b1',
      name: '张三',
      category: 'probationary',
      personnel: 'police',
      joined: '2023-06-01',
    });
  });
});

describe('every other kind needs an enrolment', () => {
  it.each<Intent>([
    { kind: 'transfer_out', to: 'b4' },
    { kind: 'arrival' },
    { kind: 'temp_return' },
    { kind: 'correction', refers: 1, reason: 'x' },
  ])('%o → NOT_ENROLLED', (intent) =>
    expect(outcomeOf(undefined, intent, 'root', T0)).toBe('NOT_ENROLLED'),
  );
});

describe('status', () => {
  const full = (date = '2024-03-02'): Intent => ({
    kind: 'status',
    change: 'full_membership',
    date,
  });
  const stop = (extra: object = {}): Intent =>
    ({
      kind: 'status',
      change: 'stopped',
      date: '2024-03-02',
      reason: '失联6个月以上',
      ...extra,
    }) as Intent;
  const restore = (extra: object = {}): Intent =>
    ({
      kind: 'status',
      change: 'restored',
      date: '2024-03-03',
      reason: '经审查符合条件',
      ...extra,
    }) as Intent;
  it.each<Row>([
    ['转正 of a 预备党员', 'enrolled', full(), 'b1', 2, 'ok'],
    ['转正 by a superior', 'enrolled', full(), 'c1a', 2, 'ok'],
    ['转正 by another branch', 'enrolled', full(), 'b2', 2, 'NOT_AUTHORISED'],
    ['转正 of a full member', 'full', full(), 'b1', 2, 'NOT_PROBATIONARY'],
    ['转正 while in transit', 'inTransit', full(), 'b1', 2, 'IN_TRANSIT'],
    ['转正 dated tomorrow', 'enrolled', full('2024-03-04'), 'b1', 2, 'DATE_IN_FUTURE'],
    ['转正 dated before joining', 'enrolled', full('2023-01-01'), 'b1', 2, 'DATE_BEFORE_JOINED'],
    [
      '出党',
      'enrolled',
      { kind: 'status', change: 'left', date: '2024-03-02', reason: '自行脱党' },
      'b1',
      2,
      'ok',
    ],
    [
      '出党 while in transit (the origin stays responsible)',
      'inTransit',
      { kind: 'status', change: 'left', date: '2024-03-02' },
      'b1',
      2,
      'ok',
    ],
    [
      '出党 signed by the destination',
      'inTransit',
      { kind: 'status', change: 'left', date: '2024-03-02' },
      'b4',
      2,
      'NOT_AUTHORISED',
    ],
    [
      '去世 with a 证明信 out',
      'tempOut',
      { kind: 'status', change: 'deceased', date: '2024-03-02' },
      'b1',
      2,
      'ok',
    ],
    [
      '去世 after 出党',
      'left',
      { kind: 'status', change: 'deceased', date: '2024-03-02' },
      'b1',
      2,
      'MEMBER_CLOSED',
    ],
    // 停止党籍 / 恢复党籍 (党员教育管理工作条例 2019 art. 24)
    ['停止党籍 with its ground', 'enrolled', stop(), 'b1', 2, 'ok'],
    ['停止党籍 by a superior', 'enrolled', stop(), 'c1a', 2, 'ok'],
    ['停止党籍 by another branch', 'enrolled', stop(), 'b2', 2, 'NOT_AUTHORISED'],
    ['停止党籍 without a ground', 'enrolled', stop({ reason: ' ' }), 'b1', 2, 'INVALID_INPUT'],
    ['停止党籍 while in transit', 'inTransit', stop(), 'b1', 2, 'IN_TRANSIT'],
    ['停止党籍 twice', 'stopped', stop(), 'b1', 2, 'MEMBER_STOPPED'],
    ['停止党籍 after 出党', 'left', stop(), 'b1', 2, 'MEMBER_CLOSED'],
    ['恢复党籍 of a stopped member', 'stopped', restore(), 'b1', 2, 'ok'],
    ['恢复党籍 by a superior', 'stopped', restore(), 'root', 2, 'ok'],
    ['恢复党籍 by another branch', 'stopped', restore(), 'b2', 2, 'NOT_AUTHORISED'],
    ['恢复党籍 without a ground', 'stopped', restore({ reason: '' }), 'b1', 2, 'INVALID_INPUT'],
    [
      '恢复党籍 dated before the stop',
      'stopped',
      restore({ date: '2024-03-01' }),
      'b1',
      2,
      'DATE_BEFORE_JOINED',
    ],
    ['恢复党籍 of a member never stopped', 'enrolled', restore(), 'b1', 2, 'NOT_STOPPED'],
    [
      '除名 (自行脱党) of a stopped member',
      'stopped',
      { kind: 'status', change: 'left', date: '2024-03-02', reason: '停止党籍满2年' },
      'b1',
      2,
      'ok',
    ],
    [
      '去世 of a stopped member',
      'stopped',
      { kind: 'status', change: 'deceased', date: '2024-03-02' },
      'b1',
      2,
      'ok',
    ],
    ['转正 of a stopped 预备党员', 'stopped', full(), 'b1', 2, 'MEMBER_STOPPED'],
    [
      'an unknown change',
      'enrolled',
      { kind: 'status', change: 'suspended' as 'left', date: '2024-03-02' },
      'b1',
      2,
      'INVALID_INPUT',
    ],
  ])('%s → %s', (...row) => run(row));

  it.each<Intent>([
    { kind: 'transfer_out', to: 'b4' },
    { kind: 'temp_out', until: '2024-05-01' },
    { kind: 'flow_register', action: 'register', host: 'b2' },
  ])('a stopped member gets no %o → MEMBER_STOPPED', (intent) =>
    expect(outcomeOf(STATES.stopped(), intent, 'b1', T0 + 2 * DAY)).toBe('MEMBER_STOPPED'),
  );

  it('停止党籍 closes the 证明信 and the 流动 registration; 恢复党籍 makes the member normal again', () => {
    const stopped = STATES.stopped();
    expect(stopped).toMatchObject({ status: 'stopped', stoppedOn: '2024-03-02', flows: [] });
    expect(stopped.temp).toBeUndefined();
    const back = buildLedger([
      at(0, 'b1', ENROLL),
      at(1, 'b1', { kind: 'status', change: 'stopped', date: '2024-03-02', reason: '失联' }),
      at(2, 'b1', { kind: 'status', change: 'restored', date: '2024-03-03', reason: '恢复' }),
      at(3, 'b1', { kind: 'transfer_out', to: 'b4' }),
    ]).state!;
    expect(back).toMatchObject({ status: 'in_transit' });
    expect(back.stoppedOn).toBeUndefined();
  });
});

describe('correction', () => {
  const fix = (refers: number, extra: object = {}): Intent => ({
    kind: 'correction',
    refers,
    reason: '录入错误',
    ...extra,
  });
  it.each<Row>([
    [
      'of the enrolment by the member’s branch',
      'enrolled',
      fix(1, { amend: { name: '张叁' } }),
      'b1',
      2,
      'ok',
    ],
    ['after 出党', 'left', fix(2), 'b1', 2, 'ok'],
    ['by the org that signed the referred entry', 'inTransit', fix(2), 'b1', 2, 'ok'],
    ['by a superior of the signer', 'tempOut', fix(2), 'c1', 2, 'ok'],
    ['by an unrelated org', 'enrolled', fix(1), 'b4', 2, 'NOT_AUTHORISED'],
    ['of an entry not yet written', 'enrolled', fix(2), 'b1', 2, 'BAD_REFERENCE'],
    ['of seq 0', 'enrolled', fix(0), 'b1', 2, 'BAD_REFERENCE'],
    ['of seq 1.5', 'enrolled', fix(1.5), 'b1', 2, 'BAD_REFERENCE'],
    ['without a reason', 'enrolled', fix(1, { reason: '' }), 'b1', 2, 'INVALID_INPUT'],
    ['with an empty amendment', 'enrolled', fix(1, { amend: {} }), 'b1', 2, 'INVALID_INPUT'],
    [
      'amending to an unknown category',
      'enrolled',
      fix(1, { amend: { category: 'x' } }),
      'b1',
      2,
      'INVALID_INPUT',
    ],
    [
      'amending joined into the future',
      'enrolled',
      fix(1, { amend: { joined: '2025-01-01' } }),
      'b1',
      2,
      'DATE_IN_FUTURE',
    ],
  ])('%s → %s', (...row) => run(row));

  it('lets the org that signed an entry correct it after the member moved on', () => {
    // b4 signed the arrival (seq 3); the member has since moved to b2, outside b4's subtree.
    const { state } = buildLedger([
      at(0, 'b1', ENROLL),
      at(1, 'b1', { kind: 'transfer_out', to: 'b4' }),
      at(2, 'b4', { kind: 'arrival' }),
      at(3, 'b4', { kind: 'transfer_out', to: 'b2' }),
      at(4, 'b2', { kind: 'arrival' }),
    ]);
    expect(outcomeOf(state, fix(3), 'b4', T0 + 5 * DAY)).toBe('ok');
    expect(outcomeOf(state, fix(3), 'c2', T0 + 5 * DAY)).toBe('ok');
    expect(outcomeOf(state, fix(3), 'b3', T0 + 5 * DAY)).toBe('NOT_AUTHORISED');
    expect(outcomeOf(state, fix(1), 'b4', T0 + 5 * DAY)).toBe('NOT_AUTHORISED');
  });

  it('lets only the member’s org (or above) amend the record, not the signer of the entry', () => {
    // An amendment rewrites the member's name or category and re-signs their QR (issue 9 item 1).
    const { state } = buildLedger([
      at(0, 'b1', ENROLL),
      at(1, 'b4', { kind: 'flow_register', action: 'register', host: 'b4' }),
    ]);
    const amend = fix(2, { amend: { name: '李建国' } });
    expect(outcomeOf(state, amend, 'b4', T0 + 2 * DAY)).toBe('NOT_AUTHORISED');
    expect(outcomeOf(state, amend, 'c2', T0 + 2 * DAY)).toBe('NOT_AUTHORISED');
    expect(outcomeOf(state, fix(2), 'b4', T0 + 2 * DAY)).toBe('ok');
    expect(outcomeOf(state, amend, 'b1', T0 + 2 * DAY)).toBe('ok');
    expect(outcomeOf(state, amend, 'c1', T0 + 2 * DAY)).toBe('ok');
  });
});

describe('after 出党 / 去世 only corrections follow', () => {
  it.each<Intent>([
    { kind: 'transfer_out', to: 'b4' },
    { kind: 'temp_out', until: '2024-04-01' },
    { kind: 'temp_return' },
    { kind: 'transfer_return' },
    { kind: 'status', change: 'full_membership', date: '2024-03-02' },
  ])('%o → MEMBER_CLOSED', (intent) =>
    expect(outcomeOf(STATES.left(), intent, 'root', T0 + 2 * DAY)).toBe('MEMBER_CLOSED'),
  );
});
