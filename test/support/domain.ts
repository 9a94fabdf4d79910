/**
 * Fixtures shared by the domain tests: a small org tree, a clock start, and a
 * ledger builder that "signs" with a fake hash (the domain never hashes; the
 * crypto layer does). Pure, like the rest of domain/.
 */
import { decide } from '../../src/domain/decide.ts';
import { evolve } from '../../src/domain/evolve.ts';
import type { LedgerItem } from '../../src/domain/ledger.ts';
import type { Intent } from '../../src/domain/kinds/index.ts';
import type { MemberState } from '../../src/domain/ledger-types.ts';
import { DEFAULT_RULES } from '../../src/domain/rules.ts';
import type { EntryClaims, NumericDate, OrgNode, OrgTree } from '../../src/domain/types.ts';

export const DAY = 86_400;
/** 2024-03-01T09:00:00Z */
export const T0: NumericDate = 1_709_283_600;
export const RULES = DEFAULT_RULES;

const NODES: OrgNode[] = [
  { id: 'root', name: '市委组织部', type: 'root', parent: null },
  { id: 'c1', name: '市公安局党委', type: 'committee', parent: 'root' },
  { id: 'c1a', name: '东城分局党委', type: 'committee', parent: 'c1' },
  { id: 'b1', name: '第一党支部', type: 'branch', parent: 'c1a' },
  { id: 'b2', name: '第二党支部', type: 'branch', parent: 'c1a' },
  { id: 'gb1', name: '机关党总支', type: 'general_branch', parent: 'c1' },
  { id: 'b3', name: '第三党支部', type: 'branch', parent: 'gb1' },
  { id: 'g1', name: '第一党小组', type: 'group', parent: 'b3' },
  { id: 'c2', name: '市教委党委', type: 'committee', parent: 'root' },
  { id: 'b4', name: '第四党支部', type: 'branch', parent: 'c2' },
];
export const TREE: OrgTree = new Map(NODES.map((n) => [n.id, n]));
export const ORG_IDS = NODES.map((n) => n.id);

export const ENROLL: Intent = {
  kind: 'enroll',
  org: 'b1',
  name: '张三',
  category: 'probationary',
  personnel: 'police',
  joined: '2023-06-01',
};

/** FNV-1a of the claims' JSON: unique enough to stand in for an entry hash. */
export function fakeHash(claims: EntryClaims): string {
  let h = 0x811c9dc5;
  for (const ch of JSON.stringify(claims)) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return `h${claims.seq}-${h.toString(16)}`;
}

/** One step of a ledger: the intent, who signs it, and when. */
export interface Step {
  intent: Intent;
  iss: string;
  now: NumericDate;
}

export interface Built {
  state: MemberState | undefined;
  items: LedgerItem[];
}

/** Decides and "signs" one step; throws whatever decide throws. */
export function appendStep(built: Built, { intent, iss, now }: Step, sub = 'm1'): Built {
  const { knd, dat } = decide(built.state, intent, { tree: TREE, rules: RULES, now, iss });
  const prv = built.state?.head;
  const claims = {
    sub,
    seq: (built.state?.seq ?? 0) + 1,
    knd,
    iss,
    act: 'officer-1',
    iat: now,
    dat,
  } as EntryClaims;
  if (prv !== undefined) claims.prv = prv;
  const hash = fakeHash(claims);
  return { state: evolve(built.state, claims, hash), items: [...built.items, { claims, hash }] };
}

/** A ledger from steps that must all be allowed. */
export function buildLedger(steps: Step[]): Built {
  return steps.reduce<Built>((b, s) => appendStep(b, s), { state: undefined, items: [] });
}

/** Step shorthand: `at(1, 'b1', intent)` is `intent` signed by b1 one day after T0. */
export function at(days: number, iss: string, intent: Intent): Step {
  return { intent, iss, now: T0 + days * DAY };
}

/** 'ok', or the reason (RuleViolation) or code (other errors) that refused the intent. */
export function outcomeOf(
  state: MemberState | undefined,
  intent: Intent,
  iss: string,
  now: NumericDate,
  tree: OrgTree = TREE,
): string {
  try {
    decide(state, intent, { tree, rules: RULES, now, iss });
    return 'ok';
  } catch (err) {
    const e = err as { code?: string; reason?: string };
    if (e.code === undefined) throw err;
    return e.reason ?? e.code;
  }
}

/** Ledgers in the states the rule tables start from; the member is enrolled at b1 on day 0. */
export const STATES = {
  enrolled: () => buildLedger([at(0, 'b1', ENROLL)]).state!,
  /** transfer_out to b4 on day 1: deadline day 31. */
  inTransit: () =>
    buildLedger([at(0, 'b1', ENROLL), at(1, 'b1', { kind: 'transfer_out', to: 'b4' })]).state!,
  /** 证明信 until 2024-05-01 issued on day 1. */
  tempOut: () =>
    buildLedger([at(0, 'b1', ENROLL), at(1, 'b1', { kind: 'temp_out', until: '2024-05-01' })])
      .state!,
  /** 流动党员 at b3 from day 1. */
  flowing: () =>
    buildLedger([
      at(0, 'b1', ENROLL),
      at(1, 'b1', { kind: 'flow_register', action: 'register', host: 'b3' }),
    ]).state!,
  /** 出党 on day 1. */
  left: () =>
    buildLedger([
      at(0, 'b1', ENROLL),
      at(1, 'b1', { kind: 'status', change: 'left', date: '2024-03-02' }),
    ]).state!,
  /** 停止党籍 on day 1 (失联), with a 流动 registration and a 证明信 out before it. */
  stopped: () =>
    buildLedger([
      at(0, 'b1', ENROLL),
      at(0, 'b1', { kind: 'flow_register', action: 'register', host: 'b3' }),
      at(0, 'b1', { kind: 'temp_out', until: '2024-05-01' }),
      at(1, 'b1', {
        kind: 'status',
        change: 'stopped',
        date: '2024-03-02',
        reason: '失联6个月以上',
      }),
    ]).state!,
  full: () =>
    buildLedger([at(0, 'b1', { ...ENROLL, category: 'full', fullOn: '2024-01-01' } as Intent)])
      .state!,
};
export type StateName = keyof typeof STATES;
