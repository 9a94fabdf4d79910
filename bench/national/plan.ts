/**
 * The national shape, as a seeded plan: an org tree (root → 党委 → 基层党委 →
 * 党总支 → 党支部), members placed in branches, and each member's events
 * (transfers in and out of subtrees, some late, some never arriving; 证明信,
 * some never signed back; 转正; deaths) over 2024-2026, to a budget of
 * ledger entries. Pure and fast: no signatures, no database.
 */
import { prng } from '../../src/demo/people.ts';
import type { OrgType, Personnel } from '../../src/domain/types.ts';

export interface PlanOrg {
  id: string;
  name: string;
  type: Exclude<OrgType, 'root'>;
  parent: string;
  /** Index of the 基层党委 above (for transfers nearby), or -1. */
  near: number;
}

/** Event kinds, as small codes in typed arrays. */
export const EV = {
  enroll: 0,
  transferOut: 1,
  arrival: 2,
  tempOut: 3,
  tempReturn: 4,
  fullMembership: 5,
  deceased: 6,
  correction: 7,
} as const;

export interface NationalPlan {
  orgs: PlanOrg[];
  /** Indexes (into orgs) of the branches. */
  branches: number[];
  members: number;
  /** Branch index (into orgs) each member is enrolled at. */
  home: Int32Array;
  /** Enrolled later by admission (joined inside the history) rather than the opening roster. */
  admitted: Uint8Array;
  personnel: Personnel[];
  /** Monthly income in fen (dues base). */
  baseFen: Int32Array;
  /** Pays dues: 0 stops paying from month `stopsPaying` (1-12) of the dues year, else never. */
  stopsPaying: Uint8Array;
  events: { time: Float64Array; member: Int32Array; kind: Uint8Array; arg: Int32Array };
  eventCount: number;
}

const DAY = 86_400;
export const HISTORY_START = Date.parse('2024-01-02T00:00:00Z') / 1000;
export const HISTORY_END = Date.parse('2026-12-24T00:00:00Z') / 1000;
export const DUES_YEAR = 2026;

/** The tree's shape for `n` orgs: ~0.4% 党委, 6% 基层党委, 4% 党总支, the rest 党支部. */
export function planOrgs(n: number, r: () => number): { orgs: PlanOrg[]; branches: number[] } {
  const n1 = Math.max(1, Math.round(n / 270));
  const n2 = Math.max(1, Math.round(n * 0.06));
  const n3 = Math.max(1, Math.round(n * 0.04));
  const nb = Math.max(1, n - 1 - n1 - n2 - n3);
  const orgs: PlanOrg[] = [];
  for (let i = 0; i < n1; i++)
    orgs.push({ id: `c${i}`, name: `第${i + 1}党委`, type: 'committee', parent: 'root', near: -1 });
  const l2: number[] = [];
  for (let i = 0; i < n2; i++) {
    l2.push(orgs.length);
    const p = orgs[Math.floor(r() * n1)]!;
    orgs.push({
      id: `k${i}`,
      name: `第${i + 1}基层党委`,
      type: 'committee',
      parent: p.id,
      near: -1,
    });
  }
  const gb: number[] = [];
  for (let i = 0; i < n3; i++) {
    const k = l2[Math.floor(r() * n2)]!;
    gb.push(orgs.length);
    orgs.push({
      id: `z${i}`,
      name: `第${i + 1}党总支`,
      type: 'general_branch',
      parent: orgs[k]!.id,
      near: k,
    });
  }
  const branches: number[] = [];
  for (let i = 0; i < nb; i++) {
    branches.push(orgs.length);
    if (r() < 0.3) {
      const g = gb[Math.floor(r() * n3)]!;
      orgs.push({
        id: `b${i}`,
        name: `第${i + 1}党支部`,
        type: 'branch',
        parent: orgs[g]!.id,
        near: orgs[g]!.near,
      });
    } else {
      const k = l2[Math.floor(r() * n2)]!;
      orgs.push({
        id: `b${i}`,
        name: `第${i + 1}党支部`,
        type: 'branch',
        parent: orgs[k]!.id,
        near: k,
      });
    }
  }
  return { orgs, branches };
}

const PERSONNEL_MIX: [Personnel, number][] = [
  ['police', 0.55],
  ['auxiliary', 0.15],
  ['military_transfer', 0.08],
  ['student', 0.02],
  ['other', 0.2],
];

/** The whole plan: `planNational({ orgs: 50_000, members: 1_000_000, entries: 5_000_000, seed: 1 })`. */
export function planNational(p: {
  orgs: number;
  members: number;
  entries: number;
  seed: number;
}): NationalPlan {
  const r = prng(p.seed);
  const { orgs, branches } = planOrgs(p.orgs, r);
  const M = p.members;
  const home = new Int32Array(M);
  const admitted = new Uint8Array(M);
  const baseFen = new Int32Array(M);
  const stopsPaying = new Uint8Array(M);
  const personnel: Personnel[] = new Array(M);
  // Room for the budget and a little over (pairs may overshoot by one per member).
  const cap = Math.max(p.entries, M) + M + 16;
  const time = new Float64Array(cap);
  const member = new Int32Array(cap);
  const kind = new Uint8Array(cap);
  const arg = new Int32Array(cap);
  let n = 0;
  const push = (t: number, m: number, k: number, a = 0) => {
    time[n] = t;
    member[n] = m;
    kind[n] = k;
    arg[n] = a;
    n++;
  };
  const extra = Math.max(0, p.entries - M) / M;
  const branchesOf = new Map<number, number[]>();
  for (const b of branches) {
    const near = orgs[b]!.near;
    const list = branchesOf.get(near) ?? [];
    list.push(b);
    branchesOf.set(near, list);
  }
  for (let m = 0; m < M; m++) {
    const b = branches[Math.floor(r() * branches.length)]!;
    home[m] = b;
    let x = r();
    personnel[m] = PERSONNEL_MIX.find(([, w]) => (x -= w) < 0)?.[0] ?? 'other';
    baseFen[m] = 300_000 + Math.floor(r() * 1_200_000);
    stopsPaying[m] = r() < 0.02 ? 1 + Math.floor(r() * 12) : 0;
    const late = r() < 0.03;
    admitted[m] = late ? 1 : 0;
    let t = late
      ? HISTORY_START + 200 * DAY + Math.floor(r() * 600) * DAY
      : HISTORY_START + Math.floor(r() * 80) * DAY + Math.floor(r() * 8 * 3600);
    push(t, m, EV.enroll);
    let budget = Math.floor(extra) + (r() < extra - Math.floor(extra) ? 1 : 0);
    let probationary = late;
    let where = b;
    const span = () => Math.max(DAY, (HISTORY_END - t) / (budget + 1));
    while (budget > 0) {
      t += DAY + Math.floor(r() * 2 * span());
      if (t >= HISTORY_END) break;
      const u = r();
      if (probationary && t > HISTORY_START + 400 * DAY && u < 0.5) {
        push(t, m, EV.fullMembership);
        probationary = false;
        budget -= 1;
      } else if (budget === 1 && u < 0.08) {
        push(t, m, EV.deceased);
        budget = 0;
      } else if (budget === 1 && u < 0.2) {
        // Sent and never arriving (口袋党员): the last thing this ledger does.
        push(t, m, EV.transferOut, pickDestination(r, where, orgs, branches, branchesOf));
        budget = 0;
      } else if (budget === 1) {
        push(t, m, EV.correction);
        budget = 0;
      } else if (u < 0.55) {
        const to = pickDestination(r, where, orgs, branches, branchesOf);
        push(t, m, EV.transferOut, to);
        const v = r();
        t += (v < 0.8 ? 1 + Math.floor(r() * 25) : 31 + Math.floor(r() * 50)) * DAY;
        if (t >= HISTORY_END) break;
        push(t, m, EV.arrival, to);
        where = to;
        budget -= 2;
      } else {
        const until = 60 + Math.floor(r() * 100);
        push(t, m, EV.tempOut, until);
        if (r() < 0.15) {
          budget = 0; // never signed back
          break;
        }
        t += (10 + Math.floor(r() * (until + 20))) * DAY;
        if (t >= HISTORY_END) break;
        push(t, m, EV.tempReturn);
        budget -= 2;
      }
    }
  }
  return {
    orgs,
    branches,
    members: M,
    home,
    admitted,
    personnel,
    baseFen,
    stopsPaying,
    events: { time, member, kind, arg },
    eventCount: n,
  };
}

/** A branch near `from` (same 基层党委) most of the time, else anywhere; never `from` itself. */
function pickDestination(
  r: () => number,
  from: number,
  orgs: PlanOrg[],
  branches: number[],
  branchesOf: Map<number, number[]>,
): number {
  const near = branchesOf.get(orgs[from]!.near) ?? branches;
  const pool = r() < 0.6 && near.length > 1 ? near : branches;
  for (let i = 0; i < 8; i++) {
    const b = pool[Math.floor(r() * pool.length)]!;
    if (b !== from) return b;
  }
  return branches.find((b) => b !== from) ?? from;
}
