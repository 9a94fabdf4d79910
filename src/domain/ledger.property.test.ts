/**
 * Property tests of the ledger state machine: random officers submit random
 * intents over a random time line; whatever decide allows is applied.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PmcError } from '../errors.ts';
import { addDays, todayOf } from './dates.ts';
import { isClosed } from './decide.ts';
import { replay, validateLedger, type LedgerItem } from './ledger.ts';
import type { Intent } from './kinds/index.ts';
import type { MemberState } from './ledger-types.ts';
import { CATEGORIES, PERSONNEL, type EntryKind } from './types.ts';
import {
  DAY,
  ENROLL,
  ORG_IDS,
  RULES,
  T0,
  TREE,
  appendStep,
  at,
  type Built,
} from '../../test/support/domain.ts';

// '@org' and '@to' stand for the member's org and the open transfer's destination,
// resolved when the step runs, so that many steps get through the rules.
const org = fc.oneof(fc.constantFrom('@org', '@to'), fc.constantFrom(...ORG_IDS, 'nowhere'));
const offset = (min: number, max: number) => fc.integer({ min, max });
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });

/** An intent with dates as day offsets from the day it is submitted. */
type Recipe = { kind: Intent['kind'] } & Record<string, unknown>;

const kind = <K extends Intent['kind']>(k: K, fields: Record<string, fc.Arbitrary<unknown>> = {}) =>
  fc.record({ kind: fc.constant(k), ...fields }) as fc.Arbitrary<Recipe>;

// One generator per kind of the registry: a kind without one does not compile.
const RECIPES: Record<EntryKind, { weight: number; arbitrary: fc.Arbitrary<Recipe> }> = {
  enroll: {
    weight: 1,
    arbitrary: kind('enroll', {
      org,
      name: fc.constantFrom('李四', ' ', ''),
      category: fc.constantFrom(...CATEGORIES),
      personnel: fc.constantFrom(...PERSONNEL),
      joined: offset(-3000, 3),
    }),
  },
  transfer_out: {
    weight: 4,
    arbitrary: kind('transfer_out', { to: org, validDays: maybe(offset(-2, 100)) }),
  },
  arrival: { weight: 4, arbitrary: kind('arrival', { at: maybe(org) }) },
  transfer_return: { weight: 1, arbitrary: kind('transfer_return') },
  temp_out: { weight: 2, arbitrary: kind('temp_out', { until: offset(-3, 200) }) },
  temp_return: { weight: 2, arbitrary: kind('temp_return') },
  flow_register: {
    weight: 2,
    arbitrary: kind('flow_register', {
      action: fc.constantFrom('register', 'cancel'),
      host: org,
      until: maybe(offset(-3, 400)),
    }),
  },
  status: {
    weight: 1,
    arbitrary: kind('status', {
      change: fc.constantFrom('full_membership', 'full_membership', 'left', 'deceased'),
      date: offset(-400, 2),
    }),
  },
  correction: {
    weight: 1,
    arbitrary: kind('correction', {
      back: offset(-1, 6), // refers = seq - back, so a few point past the end
      reason: fc.constantFrom('录入错误', ''),
      amend: maybe(
        fc.record(
          { name: fc.constantFrom('张叁', ''), category: fc.constantFrom(...CATEGORIES) },
          { requiredKeys: [] },
        ),
      ),
    }),
  },
};
const recipe: fc.Arbitrary<Recipe> = fc.oneof(...Object.values(RECIPES));

const DATE_FIELDS = ['joined', 'until', 'date'];

function resolveOrg(v: unknown, state: MemberState): unknown {
  if (v === '@org') return state.org;
  if (v === '@to') return state.transfer?.to ?? 'b4';
  return v;
}

function intentFrom(r: Recipe, now: number, state: MemberState): Intent {
  const today = todayOf(now);
  const entries = Object.entries(r)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]): [string, unknown] => {
      if (DATE_FIELDS.includes(k)) return [k, addDays(today, v as number)];
      if (k === 'back') return ['refers', state.seq - (v as number)];
      return [k, resolveOrg(v, state)];
    });
  return Object.fromEntries(entries) as Intent;
}

const step = fc.record({
  recipe,
  // The root may sign anything it is allowed to, so transfers often get through.
  iss: fc.oneof({ weight: 1, arbitrary: fc.constant('root') }, { weight: 4, arbitrary: org }),
  advance: fc.integer({ min: 0, max: 45 * DAY }),
});

/** Runs the steps from a fresh enrolment at b1, applying those decide allows. */
type GenStep = typeof step extends fc.Arbitrary<infer T> ? T : never;

function run(
  steps: GenStep[],
  check?: (prev: MemberState, next: MemberState, kind: Intent['kind']) => void,
): Built {
  let built = appendStep({ state: undefined, items: [] }, at(0, 'b1', ENROLL));
  let now = T0;
  for (const { recipe: r, iss, advance } of steps) {
    now += advance;
    const prev = built.state!;
    const snapshot = structuredClone(prev);
    try {
      built = appendStep(built, {
        intent: intentFrom(r, now, prev),
        iss: resolveOrg(iss, prev) as string,
        now,
      });
    } catch (err) {
      // Refusals are the project's errors, never a TypeError from a hole in the rules.
      expect(err).toBeInstanceOf(PmcError);
      continue;
    } finally {
      expect(prev).toEqual(snapshot); // decide and evolve never mutate their input
    }
    check?.(prev, built.state!, r.kind);
  }
  return built;
}

function checkInvariants(prev: MemberState, next: MemberState, kind: Intent['kind']): void {
  expect(next.seq).toBe(prev.seq + 1);
  expect(next.entries).toHaveLength(next.seq);
  expect(next.head).toBeDefined();
  expect(next.status === 'in_transit').toBe(next.transfer !== undefined);
  expect(next.transfer !== undefined && next.temp !== undefined).toBe(false);
  expect(new Set(next.flows.map((f) => f.host)).size).toBe(next.flows.length);
  expect(next.flows.some((f) => f.host === next.org)).toBe(false);
  expect(next.lateArrivals).toBeGreaterThanOrEqual(prev.lateArrivals);
  if (isClosed(next))
    expect([next.transfer, next.temp, next.flows.length]).toEqual([undefined, undefined, 0]);
  if (isClosed(prev)) {
    expect(kind).toBe('correction');
    const frozen = (s: MemberState) => [
      s.status,
      s.org,
      s.transfer,
      s.temp,
      s.flows,
      s.lateArrivals,
    ];
    expect(frozen(next)).toEqual(frozen(prev));
  }
}

const steps = fc.array(step, { minLength: 1, maxLength: 40, size: 'medium' });

describe('ledger properties', () => {
  it('(a) keeps its invariants over any sequence of allowed intents', () => {
    fc.assert(
      fc.property(steps, (s) => void run(s, checkInvariants)),
      { numRuns: 300 },
    );
  });

  it('(b) validateLedger accepts every ledger built by decide, and replay rebuilds its state', () => {
    fc.assert(
      fc.property(steps, (s) => {
        const { state, items } = run(s);
        expect(validateLedger(items, { tree: TREE, rules: RULES })).toBeUndefined();
        expect(replay(items)).toEqual(state);
      }),
      { numRuns: 300 },
    );
  });

  it('(b) validateLedger flags an arrival whose destination was changed', () => {
    const ledgerWithArrival = fc
      .tuple(steps, fc.nat(), fc.constantFrom(...ORG_IDS))
      .map(([s, pick, other]) => ({ built: run(s), pick, other }))
      .filter(({ built }) => built.items.some((it) => it.claims.knd === 'arrival'));
    fc.assert(
      fc.property(ledgerWithArrival, ({ built, pick, other }) => {
        const arrivals = built.items.filter((it) => it.claims.knd === 'arrival');
        const target = arrivals[pick % arrivals.length]!;
        const dat = target.claims.dat as { at: string };
        fc.pre(other !== dat.at);
        const forged = built.items.map((it): LedgerItem =>
          it === target
            ? {
                ...it,
                claims: { ...it.claims, dat: { ...dat, at: other } } as LedgerItem['claims'],
              }
            : it,
        );
        expect(validateLedger(forged, { tree: TREE, rules: RULES })).toMatchObject({
          seq: target.claims.seq,
          reason: 'WRONG_DESTINATION',
        });
      }),
      { numRuns: 200 },
    );
  });

  it('(b) validateLedger flags a transfer whose deadline was moved', () => {
    const withTransfer = fc
      .tuple(steps, fc.integer({ min: 1, max: 30 * DAY }))
      .map(([s, shift]) => ({ built: run(s), shift }))
      .filter(({ built }) => built.items.some((it) => it.claims.knd === 'transfer_out'));
    fc.assert(
      fc.property(withTransfer, ({ built, shift }) => {
        const target = built.items.find((it) => it.claims.knd === 'transfer_out')!;
        const dat = target.claims.dat as { deadline: number };
        const forged = built.items.map((it): LedgerItem =>
          it === target
            ? {
                ...it,
                claims: {
                  ...it.claims,
                  dat: { ...dat, deadline: dat.deadline + shift },
                } as LedgerItem['claims'],
              }
            : it,
        );
        expect(validateLedger(forged, { tree: TREE, rules: RULES })).toMatchObject({
          seq: target.claims.seq,
          reason: 'DAT_MISMATCH',
        });
      }),
      { numRuns: 100 },
    );
  });
});
