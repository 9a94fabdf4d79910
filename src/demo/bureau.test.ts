import { describe, expect, it } from 'vitest';
import { startOfDay } from '../domain/dates.ts';
import { duesPaid, planDemo, type DemoEvent, type DemoPlan } from './bureau.ts';

const END = startOfDay('2026-12-01');
const DAY = 86_400;
const bureau = planDemo({ scale: 'bureau', end: END });

type Transfer = Extract<DemoEvent, { kind: 'transfer_out' }>;
/** Each transfer with the days until its arrival (undefined: never arrived, or not yet). */
function transfers(plan: DemoPlan) {
  const out: { t: Transfer; days: number | undefined; cadre: boolean }[] = [];
  const open = new Map<number, (typeof out)[number]>();
  const cadre = new Map([...plan.initial, ...plan.later].map((m) => [m.key, m.person.cadre]));
  for (const e of plan.events) {
    if (e.kind === 'transfer_out') {
      const x = { t: e, days: undefined, cadre: cadre.get(e.key)! };
      out.push(x);
      open.set(e.key, x);
    }
    if (e.kind === 'arrival') {
      const x = open.get(e.key)!;
      x.days = (e.at - x.t.at) / DAY;
      open.delete(e.key);
    }
  }
  return out;
}
const lateShare = (xs: { days: number | undefined }[]) =>
  xs.filter((x) => x.days === undefined || x.days > 30).length / xs.length;

describe('the demo bureau plan', () => {
  it('is the same for the same seed, and another for another seed', () => {
    const again = planDemo({ scale: 'bureau', end: END });
    expect(JSON.stringify(again)).toBe(JSON.stringify(bureau));
    const other = planDemo({ scale: 'bureau', end: END, seed: 7 });
    expect(other.initial[0]!.person.nationalId).not.toBe(bureau.initial[0]!.person.nationalId);
  });

  it('has the article’s tree: one municipal committee, 16 基层党委, 12 党总支, 238 党支部', () => {
    const inBureau = bureau.orgs.filter((o) => o.id === 'gaj' || o.id.startsWith('gaj-'));
    const count = (type: string) => inBureau.filter((o) => o.type === type).length;
    expect([count('committee'), count('general_branch'), count('branch')]).toEqual([17, 12, 238]);
    expect(inBureau.filter((o) => o.parent === 'gaj' && o.type === 'committee')).toHaveLength(16);
    // The demo tree's ids, names and parents, as npm start and the README show them.
    for (const [id, name, parent] of [
      ['gaj', '市公安局党委', 'root'],
      ['gaj-xz', '刑侦支队党支部', 'gaj'],
      ['gaj-jj', '交警支队党支部', 'gaj'],
      ['jyj', '市教育局党委', 'root'],
      ['jyj-y1', '第一中学党支部', 'jyj'],
    ])
      for (const plan of [bureau, planDemo({ scale: 'slice', end: END })])
        expect(plan.orgs.find((o) => o.id === id)).toMatchObject({ name, parent });
    const ids = new Set<string>();
    for (const o of bureau.orgs) {
      expect(o.parent === 'root' || ids.has(o.parent)).toBe(true); // parents first
      ids.add(o.id);
    }
    const names = inBureau.map((o) => o.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('ends with about 4,800 members in the bureau, each national ID once', () => {
    const security = (o: string) => o.startsWith('baf');
    const enrolled = [...bureau.initial, ...bureau.later].filter((m) => !security(m.org));
    const outs = transfers(bureau).filter((x) => x.t.source === 'out').length;
    const inSenders = bureau.later.filter((m) => !m.org.startsWith('gaj')).length;
    const atEnd =
      enrolled.length -
      outs -
      (inSenders -
        transfers(bureau).filter(
          (x) => x.t.source !== 'internal' && x.t.source !== 'out' && x.days !== undefined,
        ).length);
    expect(atEnd).toBeGreaterThan(4_600);
    expect(atEnd).toBeLessThan(5_000);
    const all = [...bureau.initial, ...bureau.later].map((m) => m.person.nationalId);
    expect(new Set(all).size).toBe(all.length);
  });

  it('reproduces the article: 军转 on time, 学生分配 and 公务员招录 often late, a few never, cadres later', () => {
    const ts = transfers(bureau);
    const by = (s: Transfer['source']) => ts.filter((x) => x.t.source === s);
    const military = by('military').filter((x) => x.t.at < END - 40 * DAY);
    expect(military.length).toBeGreaterThan(40);
    expect(military.every((x) => x.days !== undefined && x.days <= 30)).toBe(true);
    for (const s of ['student', 'civil_service'] as const) {
      expect(lateShare(by(s))).toBeGreaterThan(0.25);
      expect(lateShare(by(s))).toBeGreaterThan(lateShare(by('internal')) * 2);
    }
    const pockets = ts.filter((x) => x.days === undefined && x.t.at < END - 120 * DAY);
    expect(pockets.length).toBeGreaterThanOrEqual(3);
    expect(pockets.length).toBeLessThan(30);
    const internal = by('internal');
    expect(internal.length).toBeGreaterThan(500);
    expect(lateShare(internal.filter((x) => x.cadre))).toBeGreaterThan(
      lateShare(internal.filter((x) => !x.cadre)) * 1.5,
    );
    // Students arrive after graduation: July to December.
    for (const x of by('student'))
      expect(new Date(x.t.at * 1000).getUTCMonth()).toBeGreaterThanOrEqual(6);
  });

  it('issues many 证明信 and sees few signed back; registers the security company’s 辅警 as 流动党员', () => {
    const issued = bureau.events.filter((e) => e.kind === 'temp_out').length;
    const back = bureau.events.filter((e) => e.kind === 'temp_return').length;
    expect(issued).toBeGreaterThan(600);
    expect(back / issued).toBeLessThan(0.4);
    expect(back / issued).toBeGreaterThan(0.1);
    const registered = bureau.events.filter(
      (e): e is Extract<DemoEvent, { kind: 'flow_register' }> =>
        e.kind === 'flow_register' && e.action === 'register',
    );
    expect(registered.length).toBeGreaterThan(150);
    const auxiliary = new Map(bureau.initial.map((m) => [m.key, m]));
    for (const e of registered) {
      const m = auxiliary.get(e.key)!;
      expect([m.org.startsWith('baf'), m.person.personnel, e.host.startsWith('gaj')]).toEqual([
        true,
        'auxiliary',
        true,
      ]);
    }
  });

  it('records dues monthly per branch, and signs in office hours on working days, in time order', () => {
    const dues = bureau.events.filter((e) => e.kind === 'dues');
    const months = new Set(dues.map((e) => e.kind === 'dues' && e.month));
    expect(months.size).toBeGreaterThanOrEqual(35);
    expect(dues.length).toBe(months.size * bureau.duesOrgs.length);
    let last = 0;
    const wrong: DemoEvent[] = [];
    for (const e of bureau.events) {
      if (e.at < last || e.at < bureau.start || e.at > bureau.end) wrong.push(e);
      last = e.at;
      if (e.kind === 'checkpoint' || e.kind === 'dues') continue;
      const d = new Date(e.at * 1000);
      // Beijing office hours (01:00–09:00 UTC), not on Saturday (6) or Sunday (0).
      if (d.getUTCDay() % 6 === 0 || d.getUTCHours() < 1 || d.getUTCHours() >= 9) wrong.push(e);
    }
    expect(wrong).toEqual([]);
    const paid = bureau.initial.map((m) => duesPaid(bureau.seed, m.key, '2025-06', '2023-12'));
    const unpaidShare = paid.filter((p) => !p).length / paid.length;
    expect(unpaidShare).toBeGreaterThan(0.002);
    expect(unpaidShare).toBeLessThan(0.03);
  });

  it('scales to the national bench size without running it: 187 bureaus make ~50,000 orgs', () => {
    // The tree alone (cheap); the members and events scale with it (see bench/demo.ts).
    const national = planDemo({ scale: 'national', end: END, bureaus: 2, years: 0.1 });
    expect(national.orgs.length).toBe(2 * 267 + 11);
    expect(267 * 187 + 11).toBeGreaterThan(49_900);
  });
});
