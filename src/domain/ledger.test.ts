import { describe, expect, it } from 'vitest';
import { RuleViolation } from '../errors.ts';
import { evolve } from './evolve.ts';
import { intentOf, replay, validateLedger, type LedgerItem } from './ledger.ts';
import {
  DAY,
  ENROLL,
  RULES,
  T0,
  TREE,
  at,
  buildLedger,
  fakeHash,
  type Step,
} from '../../test/support/domain.ts';
import type { EntryClaims } from './types.ts';

const CTX = { tree: TREE, rules: RULES };

// A transfer b1 → b4 on day 1 (deadline day 31), arriving on day 33: two days late.
const LATE_TRANSFER: Step[] = [
  at(0, 'b1', ENROLL),
  at(1, 'b1', { kind: 'transfer_out', to: 'b4', reason: '工作调动' }),
  at(33, 'b4', { kind: 'arrival' }),
];

/** Replaces one entry's claims (keeping its hash, as a forger who re-signs would not). */
function tamper(
  items: LedgerItem[],
  seq: number,
  change: (c: EntryClaims) => object,
): LedgerItem[] {
  return items.map((it) =>
    it.claims.seq === seq ? { ...it, claims: change(it.claims) as EntryClaims } : it,
  );
}

describe('evolve', () => {
  it('moves the member on arrival and counts a late one', () => {
    const { state, items } = buildLedger(LATE_TRANSFER);
    expect(items[2]!.claims.dat).toEqual({ at: 'b4', transfer: 2, late: true, daysLate: 2 });
    expect(state).toEqual({
      id: 'm1',
      seq: 3,
      head: items[2]!.hash,
      name: '张三',
      org: 'b4',
      status: 'normal',
      category: 'probationary',
      personnel: 'police',
      joined: '2023-06-01',
      flows: [],
      entries: [
        { seq: 1, knd: 'enroll', iss: 'b1', iat: T0 },
        { seq: 2, knd: 'transfer_out', iss: 'b1', iat: T0 + DAY },
        { seq: 3, knd: 'arrival', iss: 'b4', iat: T0 + 33 * DAY },
      ],
      lateArrivals: 1,
    });
  });

  it('keeps the origin as org while in transit, and after a return', () => {
    const steps = LATE_TRANSFER.slice(0, 2);
    const inTransit = buildLedger(steps).state!;
    expect(inTransit).toMatchObject({
      org: 'b1',
      status: 'in_transit',
      transfer: { seq: 2, from: 'b1', to: 'b4', deadline: T0 + 31 * DAY },
    });
    const back = buildLedger([
      ...steps,
      at(3, 'b4', { kind: 'transfer_return', reason: '不接收' }),
    ]).state!;
    expect(back).toMatchObject({ org: 'b1', status: 'normal', lateArrivals: 0 });
    expect(back.transfer).toBeUndefined();
  });

  it('opens and closes a 证明信 and flow registrations', () => {
    const { state } = buildLedger([
      at(0, 'b1', ENROLL),
      at(1, 'b1', { kind: 'temp_out', until: '2024-04-01' }),
      at(2, 'b3', { kind: 'flow_register', action: 'register', host: 'b3', until: '2024-12-31' }),
      at(3, 'b4', { kind: 'flow_register', action: 'register', host: 'b4' }),
    ]);
    expect(state).toMatchObject({
      temp: { seq: 2, until: '2024-04-01' },
      flows: [
        { host: 'b3', seq: 3, until: '2024-12-31' },
        { host: 'b4', seq: 4 },
      ],
    });
    const after = buildLedger([
      at(0, 'b1', ENROLL),
      at(1, 'b1', { kind: 'flow_register', action: 'register', host: 'b4' }),
      at(2, 'b1', { kind: 'flow_register', action: 'register', host: 'b3' }),
      at(3, 'b1', { kind: 'flow_register', action: 'cancel', host: 'b3' }),
      at(4, 'b1', { kind: 'transfer_out', to: 'b4' }),
      at(5, 'b4', { kind: 'arrival' }),
    ]).state!;
    // Arriving at the host ends the 流动党员 registration there.
    expect(after.flows).toEqual([]);
  });

  it('closes everything on 去世, and corrections amend without deleting', () => {
    const { state } = buildLedger([
      at(0, 'b1', { ...ENROLL, category: 'full', fullOn: '2024-01-01' } as typeof ENROLL),
      at(1, 'b1', { kind: 'temp_out', until: '2024-04-01' }),
      at(2, 'b1', { kind: 'flow_register', action: 'register', host: 'b3' }),
      at(3, 'b1', { kind: 'status', change: 'deceased', date: '2024-03-03' }),
      at(4, 'b1', {
        kind: 'correction',
        refers: 1,
        reason: '录入错误',
        amend: { name: '张叁', category: 'probationary' },
      }),
    ]);
    expect(state).toMatchObject({
      status: 'deceased',
      name: '张叁',
      category: 'probationary',
      flows: [],
      seq: 5,
    });
    expect(state!.temp).toBeUndefined();
    expect(state!.fullOn).toBeUndefined();
    expect(state!.entries).toHaveLength(5);
  });

  it('records 转正', () => {
    const { state } = buildLedger([
      at(0, 'b1', ENROLL),
      at(1, 'b1', { kind: 'status', change: 'full_membership', date: '2024-03-02' }),
    ]);
    expect(state).toMatchObject({ category: 'full', fullOn: '2024-03-02', status: 'normal' });
  });

  it('does not change the state it is given', () => {
    const { state, items } = buildLedger(LATE_TRANSFER);
    const before = buildLedger(LATE_TRANSFER.slice(0, 2)).state!;
    const frozen = structuredClone(before);
    evolve(before, items[2]!.claims, items[2]!.hash);
    expect(before).toEqual(frozen);
    expect(state).not.toEqual(before);
  });

  it.each<[string, (c: EntryClaims) => object, string]>([
    ['a gap in seq', (c) => ({ ...c, seq: 4 }), 'BAD_SEQUENCE'],
    ['a wrong prv', (c) => ({ ...c, prv: 'hX' }), 'BROKEN_CHAIN'],
    ['another member', (c) => ({ ...c, sub: 'm2' }), 'WRONG_MEMBER'],
    ['a second enroll', (c) => ({ ...c, knd: 'enroll' }), 'ALREADY_ENROLLED'],
  ])('refuses %s', (_name, change, reason) => {
    const { items } = buildLedger(LATE_TRANSFER);
    const state = replay(items.slice(0, 2));
    expect(() => evolve(state, change(items[2]!.claims) as EntryClaims, 'h')).toThrow(
      expect.objectContaining({ reason }),
    );
  });

  it('starts only from enroll, without prv', () => {
    const { items } = buildLedger(LATE_TRANSFER);
    expect(() => evolve(undefined, { ...items[1]!.claims, seq: 1 })).toThrow(
      expect.objectContaining({ reason: 'NOT_ENROLLED' }),
    );
    expect(() => evolve(undefined, { ...items[0]!.claims, prv: 'h0' })).toThrow(
      expect.objectContaining({ reason: 'BROKEN_CHAIN' }),
    );
  });
});

describe('replay', () => {
  it('folds to the same state as building did, with or without rule checks', () => {
    const { state, items } = buildLedger(LATE_TRANSFER);
    expect(replay(items)).toEqual(state);
    expect(replay(items, CTX)).toEqual(state);
  });

  it('works without hashes (head absent)', () => {
    const { items } = buildLedger(LATE_TRANSFER);
    const state = items.reduce<ReturnType<typeof evolve> | undefined>(
      (s, it) => evolve(s, it.claims),
      undefined,
    );
    expect(state?.head).toBeUndefined();
    expect(state?.org).toBe('b4');
  });

  it('throws NOT_ENROLLED on an empty ledger', () => {
    expect(() => replay([])).toThrow(RuleViolation);
  });

  it('throws the first violation when given a context', () => {
    const { items } = buildLedger(LATE_TRANSFER);
    const forged = tamper(items, 3, (c) => ({ ...c, iss: 'b1' }));
    expect(replay(forged).org).toBe('b4');
    expect(() => replay(forged, CTX)).toThrow(expect.objectContaining({ code: 'NOT_AUTHORISED' }));
  });
});

describe('validateLedger', () => {
  const { items } = buildLedger([
    ...LATE_TRANSFER,
    at(40, 'b4', { kind: 'temp_out', until: '2024-05-01' }),
    at(45, 'c2', { kind: 'temp_return' }),
  ]);

  it('accepts a ledger built by decide', () => {
    expect(validateLedger(items, CTX)).toBeUndefined();
    expect(validateLedger([], CTX)).toBeUndefined();
  });

  it.each<[string, number, (c: EntryClaims) => object, string]>([
    [
      'an arrival moved to another org',
      3,
      (c) => ({ ...c, dat: { ...(c.dat as object), at: 'b2' } }),
      'WRONG_DESTINATION',
    ],
    [
      'a late arrival made on time',
      3,
      (c) => ({ ...c, dat: { ...(c.dat as object), late: false, daysLate: 0 } }),
      'DAT_MISMATCH',
    ],
    ['an arrival backdated before its transfer', 3, (c) => ({ ...c, iat: T0 }), 'TIME_REVERSED'],
    [
      'an arrival backdated within the deadline, still marked late',
      3,
      (c) => ({ ...c, iat: T0 + 5 * DAY }),
      'DAT_MISMATCH',
    ],
    ['an arrival signed by the origin', 3, (c) => ({ ...c, iss: 'b1' }), 'NOT_AUTHORISED'],
    [
      'a stretched deadline',
      2,
      (c) => ({ ...c, dat: { ...(c.dat as object), deadline: T0 + 60 * DAY } }),
      'DAT_MISMATCH',
    ],
    [
      'a 200-day validity',
      2,
      (c) => ({ ...c, dat: { ...(c.dat as object), validDays: 200, deadline: T0 + 201 * DAY } }),
      'VALIDITY_OUT_OF_RANGE',
    ],
    [
      'an extra field in a body',
      5,
      (c) => ({ ...c, dat: { ...(c.dat as object), note: 'x' } }),
      'DAT_MISMATCH',
    ],
    ['an enrolment by another branch', 1, (c) => ({ ...c, iss: 'b2' }), 'NOT_AUTHORISED'],
    ['an unknown kind', 4, (c) => ({ ...c, knd: 'promote' }), 'INVALID_INPUT'],
    ['a null body', 4, (c) => ({ ...c, dat: null }), 'INVALID_INPUT'],
    ['a seq gap', 4, (c) => ({ ...c, seq: 9 }), 'BAD_SEQUENCE'],
    ['a broken prv', 4, (c) => ({ ...c, prv: fakeHash(c) }), 'BROKEN_CHAIN'],
  ])('flags %s', (_name, seq, change, reason) => {
    expect(validateLedger(tamper(items, seq, change), CTX)).toMatchObject({ seq, reason });
  });

  it('names the failing field', () => {
    const problem = validateLedger(
      tamper(items, 3, (c) => ({ ...c, dat: { ...(c.dat as object), at: 'b2' } })),
      CTX,
    );
    expect(problem).toMatchObject({
      field: 'dat.at',
      message: expect.stringMatching(/^entry 3: /),
    });
    expect(problem!.error).toBeInstanceOf(RuleViolation);
  });
});

describe('intentOf', () => {
  it('keeps the officer’s fields and drops the derived ones', () => {
    const { items } = buildLedger(LATE_TRANSFER);
    expect(intentOf(items[1]!.claims)).toEqual({
      kind: 'transfer_out',
      to: 'b4',
      reason: '工作调动',
      validDays: 30,
    });
    expect(intentOf(items[2]!.claims)).toEqual({ kind: 'arrival', at: 'b4' });
  });
});
