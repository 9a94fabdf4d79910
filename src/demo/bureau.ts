/**
 * The demo bureau, as a plan: a seeded, pure description of a city public
 * security bureau's Party organisation (the one in the seed article: one
 * municipal committee, 16 基层党委, 12 党总支, 238 党支部, ~4,800 members) and
 * three years of what happens to it, day by day — transfers in by 军转 (all on
 * time), 学生分配 and 公务员招录 (often late, a few never arriving: 口袋党员),
 * cadres more often late, internal transfers, 证明信 rarely signed back, a
 * security company's 辅警 registered here as 流动党员, monthly dues.
 *
 * Nothing here touches a database or a clock: src/service/demo-history.ts
 * plays the plan through the real services under a simulated clock. Same
 * seed, same plan (member ids and signatures differ: they are random keys).
 */
import { addDays, dayNumberOf, startOfDay } from '../domain/dates.ts';
import type { NumericDate, OrgType, Personnel } from '../domain/types.ts';
import { personAt, prng, type Person } from './people.ts';

export type DemoScale = 'slice' | 'bureau' | 'national';

export interface DemoOrg {
  id: string;
  name: string;
  type: Exclude<OrgType, 'root'>;
  parent: string;
}

/** A member the plan knows by `key`; the runner learns the id when it enrols them. */
export interface DemoMember {
  key: number;
  person: Person;
  /** Where they are enrolled. */
  org: string;
  /** Monthly after-tax income in fen, for dues. */
  baseFen: number;
}

export type TransferSource = 'military' | 'student' | 'civil_service' | 'internal' | 'out';

export type DemoEvent =
  | { at: NumericDate; kind: 'enroll'; key: number }
  | {
      at: NumericDate;
      kind: 'transfer_out';
      key: number;
      /** The org that signs (the member's org or its 基层党委). */
      signer: string;
      to: string;
      reason: string;
      source: TransferSource;
    }
  | { at: NumericDate; kind: 'arrival'; key: number; org: string }
  | { at: NumericDate; kind: 'temp_out'; key: number; until: string; to: string; reason: string }
  | { at: NumericDate; kind: 'temp_return'; key: number }
  | {
      at: NumericDate;
      kind: 'flow_register';
      key: number;
      host: string;
      action: 'register' | 'cancel';
    }
  | { at: NumericDate; kind: 'full_membership'; key: number; date: string }
  | { at: NumericDate; kind: 'dues'; org: string; month: string }
  | { at: NumericDate; kind: 'checkpoint' };

export interface DemoPlan {
  seed: number;
  scale: DemoScale;
  start: NumericDate;
  end: NumericDate;
  /** Parents first; the demo tree's ids (gaj, gaj-xz, gaj-jj, jyj, jyj-y1) among them. */
  orgs: DemoOrg[];
  /** Enrolled at `start` in one roster import. */
  initial: DemoMember[];
  /** Enrolled later, by an `enroll` event (admissions, and people about to be transferred in). */
  later: DemoMember[];
  /** In time order. */
  events: DemoEvent[];
  /** The branches whose dues are recorded monthly. */
  duesOrgs: string[];
}

export interface PlanOptions {
  seed?: number;
  scale?: DemoScale;
  /** Bureaus for `national` (default 187: about 50,000 orgs and 1,000,000 members); ignored otherwise. */
  bureaus?: number;
  /** The last day of the history (today, from the caller's clock: this module has none). */
  end: NumericDate;
  years?: number;
}

const DAY = 86_400;

/** Yearly rates per 4,800 members, and the shares that report late or never (the article's observations). */
const RATES = {
  internal: 240,
  out: 15,
  military: 25,
  student: 80,
  civilService: 40,
  temp: 290,
  admitted: 100,
};
const LATE: Record<TransferSource, { late: number; never: number }> = {
  military: { late: 0, never: 0 },
  internal: { late: 0.08, never: 0 },
  out: { late: 0.1, never: 0 },
  student: { late: 0.45, never: 0.04 },
  civil_service: { late: 0.35, never: 0.02 },
};
/** Cadres (处级以上) are late more often: their letters wait on the leader's diary. */
const CADRE_LATE = 0.2;
/** 证明信 signed back: the article's "low return rate". */
const TEMP_RETURNED = 0.25;
/** Members per bureau at the start, and the 辅警 of the security company registered as 流动党员. */
const BUREAU_MEMBERS = 4_800;
const SECURITY_MEMBERS = 300;

const PLACES =
  '东湖西溪南山北岭青石白沙红旗新华人民解放和平胜利建设光明朝阳长安文化复兴友谊团结幸福春风秋实玉泉金桥银河翠竹梅林桃源杏花柳岸荷塘桂园松涛云峰龙潭凤凰麒麟鹿鸣鹤鸣雁塔鹰山虎跳狮岭象山马场牛首羊角';
const place = (i: number) => {
  const n = PLACES.length / 2;
  const a = PLACES.slice((i % n) * 2, (i % n) * 2 + 2);
  return i < n ? a : `${a}${Math.floor(i / n) + 1}`;
};
const DISTRICTS = [
  '上城',
  '下城',
  '江北',
  '江南',
  '城东',
  '城西',
  '高新',
  '开发区',
  '港区',
  '临江',
];
const COUNTIES = ['东山县', '西林县', '南湖县', '北岭县', '青溪县', '白石县'];
const HQ_UNITS = [
  '办公室',
  '政治部',
  '指挥中心',
  '治安支队',
  '经侦支队',
  '禁毒支队',
  '网安支队',
  '技侦支队',
  '法制支队',
  '警务保障部',
  '督察支队',
  '特警支队',
];
const DISTRICT_UNITS = ['机关', '刑侦大队', '治安大队', '交警大队'];

/**
 * One bureau's tree under `parent`: the municipal committee, 16 基层党委 (10
 * 分局, 6 县局), 12 党总支 (two per 县局) and 238 党支部. Copy 0 uses the demo
 * tree's ids (gaj, gaj-xz, gaj-jj); copy k the prefix `gaj<k>`.
 */
export function bureauTree(copy: number, parent = 'root'): { orgs: DemoOrg[]; branches: string[] } {
  const p = copy === 0 ? 'gaj' : `gaj${copy}`;
  const city = copy === 0 ? '市' : `第${copy + 1}市`;
  const orgs: DemoOrg[] = [{ id: p, name: `${city}公安局党委`, type: 'committee', parent }];
  const branches: string[] = [];
  const branch = (id: string, name: string, under: string) => {
    orgs.push({ id, name, type: 'branch', parent: under });
    branches.push(id);
  };
  branch(`${p}-xz`, '刑侦支队党支部', p);
  branch(`${p}-jj`, '交警支队党支部', p);
  HQ_UNITS.forEach((u, i) => branch(`${p}-h${i + 1}`, `${u}党支部`, p));
  let pcs = 0; // 派出所, numbered across the bureau so names stay unique
  DISTRICTS.forEach((d, i) => {
    const c = `${p}-f${i + 1}`;
    orgs.push({ id: c, name: `${d}分局党委`, type: 'committee', parent: p });
    DISTRICT_UNITS.forEach((u, j) => branch(`${c}-u${j + 1}`, `${d}分局${u}党支部`, c));
    for (let j = 1; j <= 10; j++) branch(`${c}-p${j}`, `${place(pcs++)}派出所党支部`, c);
  });
  COUNTIES.forEach((x, i) => {
    const c = `${p}-x${i + 1}`;
    orgs.push({ id: c, name: `${x}公安局党委`, type: 'committee', parent: p });
    for (let j = 1; j <= 4; j++)
      branch(`${c}-u${j}`, `${x}公安局${DISTRICT_UNITS[j - 1]}党支部`, c);
    const jg = `${c}-z1`;
    orgs.push({ id: jg, name: `${x}公安局机关党总支`, type: 'general_branch', parent: c });
    for (let j = 1; j <= 4; j++) branch(`${jg}-b${j}`, `${x}公安局机关第${j}党支部`, jg);
    const pz = `${c}-z2`;
    orgs.push({ id: pz, name: `${x}公安局派出所党总支`, type: 'general_branch', parent: c });
    for (let j = 1; j <= 6; j++) branch(`${pz}-p${j}`, `${place(pcs++)}派出所党支部`, pz);
  });
  return { orgs, branches };
}

/** Outside the bureau: the demo's 教育局, the senders of transfers in, the security company. */
const OUTSIDE: DemoOrg[] = [
  { id: 'jyj', name: '市教育局党委', type: 'committee', parent: 'root' },
  { id: 'jyj-y1', name: '第一中学党支部', type: 'branch', parent: 'jyj' },
  { id: 'jyj-gx', name: '市警官职业学院党委', type: 'committee', parent: 'jyj' },
  { id: 'jyj-gx-b1', name: '市警官职业学院毕业生党支部', type: 'branch', parent: 'jyj-gx' },
  { id: 'tyj', name: '市退役军人事务局党委', type: 'committee', parent: 'root' },
  { id: 'tyj-az', name: '军转干部安置党支部', type: 'branch', parent: 'tyj' },
  { id: 'rsj', name: '市人力资源和社会保障局党委', type: 'committee', parent: 'root' },
  { id: 'rsj-rc', name: '市人才交流中心党支部', type: 'branch', parent: 'rsj' },
  { id: 'baf', name: '市保安服务公司党委', type: 'committee', parent: 'root' },
  { id: 'baf-b1', name: '保安服务公司第一党支部', type: 'branch', parent: 'baf' },
  { id: 'baf-b2', name: '保安服务公司第二党支部', type: 'branch', parent: 'baf' },
];
const SENDER: Record<'military' | 'student' | 'civil_service', { org: string; reason: string }> = {
  military: { org: 'tyj-az', reason: '军转安置' },
  student: { org: 'jyj-gx-b1', reason: '学生分配' },
  civil_service: { org: 'rsj-rc', reason: '公务员招录' },
};
const OUT_DESTINATIONS = ['jyj-y1', 'rsj-rc', 'tyj-az'];

/** The tree of a scale: the slice is the demo tree (gaj, gaj-xz, gaj-jj, jyj, jyj-y1) and the senders. */
function treeOf(scale: DemoScale, bureaus: number): { orgs: DemoOrg[]; branches: string[] } {
  if (scale === 'slice') {
    const orgs: DemoOrg[] = [
      { id: 'gaj', name: '市公安局党委', type: 'committee', parent: 'root' },
      { id: 'gaj-xz', name: '刑侦支队党支部', type: 'branch', parent: 'gaj' },
      { id: 'gaj-jj', name: '交警支队党支部', type: 'branch', parent: 'gaj' },
      ...OUTSIDE.filter((o) => o.id !== 'baf-b2'),
    ];
    return { orgs, branches: ['gaj-xz', 'gaj-jj'] };
  }
  const n = scale === 'national' ? bureaus : 1;
  const all = Array.from({ length: n }, (_, k) => bureauTree(k));
  const [first, ...rest] = all;
  return {
    orgs: [...first!.orgs, ...OUTSIDE, ...rest.flatMap((t) => t.orgs)],
    branches: all.flatMap((t) => t.branches),
  };
}

/** Office hours in Beijing (01:00–09:00 UTC) on the first working day from `day`. */
function officeTime(day: number, r: () => number): NumericDate {
  let d = day;
  while (((d % 7) + 7 + 3) % 7 >= 5) d++; // day 0 (1970-01-01) was a Thursday: Sat = 2, Sun = 3 mod 7
  return d * DAY + 3600 + Math.floor(r() * 8 * 3600);
}

/**
 * The plan. `slice` (what `npm start` loads): the demo tree, ~40 members, a
 * few of every kind of event; `bureau`: the article's bureau; `national`:
 * `bureaus` copies of it (the benches' scale).
 * @example const plan = planDemo({ seed: 1, scale: 'slice', end: startOfDay('2026-12-01') });
 */
export function planDemo(o: PlanOptions): DemoPlan {
  const seed = o.seed ?? 2026;
  const scale = o.scale ?? 'bureau';
  const years = o.years ?? 3;
  const r = prng(seed);
  const endDay = Math.floor(o.end / DAY);
  const startDay = endDay - Math.round(years * 365.25);
  const start = startDay * DAY + 3600;
  const startIso = addDays('1970-01-01', startDay);
  const { orgs, branches } = treeOf(scale, o.bureaus ?? 187);
  const bureaus = scale === 'national' ? (o.bureaus ?? 187) : 1;
  // The slice keeps every kind of event but few of each; a bureau is the article's size.
  const size = scale === 'slice' ? 40 : BUREAU_MEMBERS * bureaus;
  const f = scale === 'slice' ? 0.02 : size / BUREAU_MEMBERS;
  const rate = (perYear: number) => (perYear * f) / 365;
  // The slice records its last year of dues only, and signs a checkpoint a month: it loads in seconds.
  const duesDays = scale === 'slice' ? 366 : Infinity;
  const checkpointDays = scale === 'slice' ? 30 : 7;

  let key = 0;
  const ids = new Set<string>();
  const newPerson = (today: string, personnel: Personnel): Person => {
    for (;;) {
      const p = personAt(seed, key++, today, personnel);
      if (!ids.has(p.nationalId)) {
        ids.add(p.nationalId);
        return p;
      }
    }
  };
  const baseOf = (personnel: Personnel): number =>
    personnel === 'auxiliary' || personnel === 'student'
      ? 300_000 + Math.floor(r() * 150_000)
      : 550_000 + Math.floor(r() * 800_000);
  const pickBranch = () => branches[Math.floor(r() * branches.length)]!;
  const personnelMix = (): Personnel => {
    const x = r();
    return x < 0.74 ? 'police' : x < 0.82 ? 'military_transfer' : x < 0.88 ? 'auxiliary' : 'other';
  };

  // Per member: where they are, until when they are busy (in transit, 证明信 out), whether done.
  interface Live {
    m: DemoMember;
    org: string;
    busyUntil: number;
    done: boolean;
    probationaryUntil?: number;
  }
  const live: Live[] = [];
  const initial: DemoMember[] = [];
  const later: DemoMember[] = [];
  const events: DemoEvent[] = [];
  const member = (person: Person, org: string, list: DemoMember[]): Live => {
    const m: DemoMember = { key: key - 1, person, org, baseFen: baseOf(person.personnel) };
    list.push(m);
    const l: Live = { m, org, busyUntil: 0, done: false };
    if (person.category === 'probationary')
      l.probationaryUntil = Math.floor(Date.parse(person.joined) / 1000) + 365 * DAY;
    return l;
  };

  const expectedIn =
    (RATES.military + RATES.student + RATES.civilService + RATES.admitted) * f * years;
  const initialCount = Math.max(10, Math.round(size - expectedIn + RATES.out * f * years));
  for (let i = 0; i < initialCount; i++)
    live.push(member(newPerson(startIso, personnelMix()), pickBranch(), initial));
  const security: Live[] = [];
  const securityCount = scale === 'slice' ? 4 : Math.round(SECURITY_MEMBERS * bureaus);
  for (let i = 0; i < securityCount; i++) {
    const l = member(newPerson(startIso, 'auxiliary'), i % 2 ? 'baf-b1' : 'baf-b2', initial);
    if (scale === 'slice') l.m.org = l.org = 'baf-b1';
    security.push(l);
  }

  const duesOrgs = [...branches, ...new Set(security.map((l) => l.org))];
  const signerOf = (org: string) => {
    // The 基层党委 above a branch approves its transfers (条例 art. 25); the branch itself otherwise.
    const byId = new Map(orgs.map((x) => [x.id, x]));
    for (let at = byId.get(org); at; at = byId.get(at.parent))
      if (at.type === 'committee' && at.id !== 'gaj' && !/^gaj\d+$/.test(at.id)) return at.id;
    return org;
  };
  const signers = new Map<string, string>();
  const approver = (org: string) => {
    let s = signers.get(org);
    if (s === undefined) signers.set(org, (s = signerOf(org)));
    return s;
  };

  /** A transfer at `at` and its arrival (or none): late and never by source, cadres later. */
  const transfer = (l: Live, at: number, to: string, source: TransferSource, reason: string) => {
    const odds = LATE[source];
    const late = odds.late + (l.m.person.cadre && source !== 'military' ? CADRE_LATE : 0);
    const x = r();
    const never = x < odds.never;
    const delay = x < odds.never + late ? 31 + Math.floor(r() * 60) : 1 + Math.floor(r() * 25);
    const from = source === 'internal' || source === 'out' ? l.org : l.m.org;
    events.push({
      at,
      kind: 'transfer_out',
      key: l.m.key,
      signer: source === 'internal' || source === 'out' ? approver(from) : from,
      to,
      reason,
      source,
    });
    if (never) {
      l.done = true;
      l.busyUntil = Infinity;
      return;
    }
    const arrive = officeTime(Math.floor(at / DAY) + delay, r);
    events.push({ at: arrive, kind: 'arrival', key: l.m.key, org: to });
    l.org = to;
    l.busyUntil = arrive + DAY;
    if (source === 'out') l.done = true;
  };
  const freeMember = (day: number, pool: readonly Live[] = live): Live | undefined => {
    for (let tries = 0; tries < 20; tries++) {
      const l = pool[Math.floor(r() * pool.length)];
      if (l && !l.done && l.busyUntil <= day * DAY) return l;
    }
    return undefined;
  };
  const happens = (perYear: number) => {
    // Poisson by thinning: at most a handful a day at these rates.
    let n = 0;
    const lambda = rate(perYear);
    let p = Math.exp(-lambda);
    let s = p;
    const u = r();
    while (u > s && n < 50) {
      n++;
      p *= lambda / n;
      s += p;
    }
    return n;
  };

  let pockets = 0;
  for (let day = startDay + 1; day <= endDay; day++) {
    const weekday = ((day % 7) + 7 + 3) % 7 < 5;
    const iso = addDays('1970-01-01', day);
    const dayOfYear = dayNumberOf(iso) - dayNumberOf(`${iso.slice(0, 4)}-01-01`);
    const t = () => officeTime(day, r);
    if (weekday) {
      for (let n = happens(RATES.internal * 1.4); n > 0; n--) {
        const l = freeMember(day);
        const to = pickBranch();
        if (l && to !== l.org) transfer(l, t(), to, 'internal', '工作调动');
      }
      for (let n = happens(RATES.out * 1.4); n > 0; n--) {
        const l = freeMember(day);
        const to = OUT_DESTINATIONS[Math.floor(r() * OUT_DESTINATIONS.length)]!;
        if (l) transfer(l, t(), to, 'out', '调离本系统');
      }
      const incoming = (source: 'military' | 'student' | 'civil_service', perYear: number) => {
        for (let n = happens(perYear); n > 0; n--) {
          const personnel: Personnel =
            source === 'military'
              ? 'military_transfer'
              : source === 'student'
                ? 'student'
                : 'police';
          const sender = SENDER[source];
          const enrolAt = Math.min(t(), day * DAY + 9 * 3600 - 1200);
          const l = member(newPerson(addDays(iso, -1), personnel), sender.org, later);
          if (source === 'military') l.m.person.cadre = r() < 0.3;
          if (source === 'student') l.m.person.cadre = false;
          live.push(l);
          events.push({ at: enrolAt, kind: 'enroll', key: l.m.key });
          transfer(l, enrolAt + 600, pickBranch(), source, sender.reason);
          if (l.done && l.busyUntil === Infinity) pockets++;
        }
      };
      incoming('military', RATES.military * 1.4);
      // 学生分配: after graduation, July to September.
      if (dayOfYear >= 181 && dayOfYear < 273)
        incoming('student', (RATES.student * 365 * 1.4) / 92);
      incoming('civil_service', RATES.civilService * 1.4);
      for (let n = happens(RATES.temp * 1.4); n > 0; n--) {
        const l = freeMember(day);
        if (!l) continue;
        const at = t();
        const months = 1 + Math.floor(r() * 5);
        const until = addDays(iso, months * 30);
        events.push({
          at,
          kind: 'temp_out',
          key: l.m.key,
          until,
          to: `${place(Math.floor(r() * 40))}`,
          reason: r() < 0.5 ? '外出务工' : '外出学习',
        });
        if (r() < TEMP_RETURNED) {
          const back = officeTime(Math.floor(at / DAY) + months * 30 - Math.floor(r() * 20), r);
          events.push({ at: back, kind: 'temp_return', key: l.m.key });
          l.busyUntil = back + DAY;
        } else {
          // Never signed back: the letter stays out, and nothing else can be signed for them.
          l.done = true;
          l.busyUntil = Infinity;
        }
      }
      for (let n = happens(RATES.admitted * 1.4); n > 0; n--) {
        const org = pickBranch();
        const p = newPerson(iso, personnelMix());
        const person: Person = { ...p, joined: iso, category: 'probationary' };
        delete person.fullOn;
        const l = member(person, org, later);
        l.probationaryUntil = startOfDay(iso) + 365 * DAY;
        live.push(l);
        events.push({ at: t(), kind: 'enroll', key: l.m.key });
      }
      // 转正 a year after joining, once nothing is open.
      if (day % 7 === 1)
        for (const l of live)
          if (
            l.probationaryUntil !== undefined &&
            l.probationaryUntil <= day * DAY &&
            !l.done &&
            l.busyUntil <= day * DAY
          ) {
            events.push({ at: t(), kind: 'full_membership', key: l.m.key, date: addDays(iso, -1) });
            delete l.probationaryUntil;
          }
    }
    // 流动党员: the security company's 辅警 register at the stations they serve, in the first year.
    if (weekday && day - startDay < 200)
      for (const l of security)
        if (l.busyUntil === 0 && r() < 1.2 / 200) {
          const host = pickBranch();
          events.push({ at: t(), kind: 'flow_register', key: l.m.key, host, action: 'register' });
          l.busyUntil = 1;
          if (r() < 0.1) {
            const end = officeTime(day + 200 + Math.floor(r() * 600), r);
            if (end < endDay * DAY)
              events.push({ at: end, kind: 'flow_register', key: l.m.key, host, action: 'cancel' });
          }
        }
    // Dues: each branch records last month on the 5th (back-payment is allowed for 6 months).
    if (iso.endsWith('-05')) {
      const d = new Date(startOfDay(iso) * 1000);
      d.setUTCMonth(d.getUTCMonth() - 1);
      const month = d.toISOString().slice(0, 7);
      if (month >= startIso.slice(0, 7) && day >= endDay - duesDays)
        for (const org of duesOrgs)
          events.push({ at: day * DAY + 7200 + Math.floor(r() * 3600), kind: 'dues', org, month });
    }
  }
  // The slice shows one 口袋党员 even when the dice gave none.
  if (scale === 'slice' && pockets === 0) {
    const idx = events.findLastIndex((e) => e.kind === 'transfer_out' && e.source === 'student');
    const e = events[idx];
    if (e && e.kind === 'transfer_out') {
      const a = events.findIndex((x, i) => i > idx && x.kind === 'arrival' && x.key === e.key);
      if (a >= 0) events.splice(a, 1);
      // Later events of that member cannot happen now: drop them.
      for (let i = events.length - 1; i > idx; i--) {
        const x = events[i]!;
        if ('key' in x && x.key === e.key) events.splice(i, 1);
      }
    }
  }
  const end = endDay * DAY + 10 * 3600;
  const inRange = events.filter((e) => e.at < end);
  inRange.sort((a, b) => a.at - b.at);
  // A checkpoint at the end of each week (a month in the slice) with entries; a server signs more.
  const withCheckpoints: DemoEvent[] = [];
  let week = -1;
  for (const e of inRange) {
    const w = Math.floor(e.at / (checkpointDays * DAY));
    if (week >= 0 && w !== week)
      withCheckpoints.push({ at: (week + 1) * checkpointDays * DAY - 1, kind: 'checkpoint' });
    week = w;
    withCheckpoints.push(e);
  }
  withCheckpoints.push({ at: end, kind: 'checkpoint' });
  const enrolled = new Set(later.map((m) => m.key));
  return {
    seed,
    scale,
    start,
    end,
    orgs,
    initial,
    later: later.filter((m) => enrolled.has(m.key)),
    events: withCheckpoints.filter((e) => e.kind !== 'enroll' || enrolled.has(e.key)),
    duesOrgs,
  };
}

const monthNo = (month: string) => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;

/**
 * Whether member `key` pays `month`: nearly everyone always does; about 3 in
 * 100 stop once for 3 to 8 months somewhere in the three years, which the
 * dues figures count as 3+ and 6+ months unpaid.
 * @example duesPaid(2026, 17, '2025-03', '2023-12') // true, mostly
 */
export function duesPaid(seed: number, key: number, month: string, firstMonth: string): boolean {
  const r = prng(seed * 7919 + key);
  if (r() >= 0.03) return true;
  const from = monthNo(firstMonth) + Math.floor(r() * 33);
  const n = monthNo(month) - from;
  return n < 0 || n >= 3 + Math.floor(r() * 6);
}
