/**
 * Loads a national plan into a fresh, initialised installation, as real data:
 * every org has a key certified by its parent's; every entry is decided by
 * the ledger rules (`decide`), signed by its org's key, hash-chained, and
 * takes a log leaf in time order; every branch-month of 2026 is one signed
 * dues batch with its leaf; every member's row carries a signed credential of
 * its head, a sealed national ID and its blind index; the log's nodes are
 * built in SQL and one checkpoint signed over them, so `fsck` can check all
 * of it. Only the path is bulk: COPY instead of the per-request append.
 */
import { createHash, createPrivateKey, sign as nodeSign, type KeyObject } from 'node:crypto';
import type postgres from 'postgres';
import { sql } from 'drizzle-orm';
import { organisations, orgKeys } from '../../schema/index.ts';
import { b64u, fromB64u, utf8 } from '../../src/crypto/bytes.ts';
import { CREDENTIAL_TTL_SECONDS } from '../../src/crypto/credential.ts';
import { signDuesBatch } from '../../src/crypto/dues-batch.ts';
import type { Signer } from '../../src/crypto/jws.ts';
import { issueKeyCertificate } from '../../src/crypto/key-cert.ts';
import {
  blindIndex,
  generateOrgKey,
  importPrivateJwk,
  open,
  seal,
  sealPrivateJwk,
} from '../../src/crypto/keys.ts';
import { formatCheckpoint } from '../../src/crypto/merkle/checkpoint.ts';
import { cosignNote } from '../../src/crypto/merkle/cosignature.ts';
import { signNote } from '../../src/crypto/merkle/note.ts';
import { rootAt } from '../../src/crypto/merkle/tree.ts';
import { personAt } from '../../src/demo/people.ts';
import { addDays, todayOf } from '../../src/domain/dates.ts';
import { decide } from '../../src/domain/decide.ts';
import { standardDues, type DuesLine } from '../../src/domain/dues.ts';
import { evolve } from '../../src/domain/evolve.ts';
import type { Intent } from '../../src/domain/kinds/index.ts';
import type { MemberState } from '../../src/domain/ledger-types.ts';
import { maskNationalId, nationalIdCheckChar } from '../../src/domain/national-id.ts';
import { ancestorsOf } from '../../src/domain/org-tree.ts';
import type { EntryClaims, OrgNode, OrgTree } from '../../src/domain/types.ts';
import { PmcError } from '../../src/errors.ts';
import type { ServiceDeps } from '../../src/service/deps.ts';
import { logIdentity, logSigner } from '../../src/service/log.ts';
import { NATIONAL_ID } from '../../src/service/members.ts';
import { initInstallation } from '../../src/service/orgs.ts';
import { ORG_KEY_YEARS } from '../../src/service/keys.ts';
import { nodeReader, storeCheckpoint } from '../../src/store/log.ts';
import { CopyWriter, copyBytes, copyText, NULL } from './copy.ts';
import { DUES_YEAR, EV, HISTORY_START, type NationalPlan } from './plan.ts';

const DAY = 86_400;
const REASONS = ['工作调动', '工作调动', '学习深造', '退休', '其他'];

interface OrgKey {
  kid: string;
  signer: Signer;
  node: KeyObject;
  header: string;
}

export interface LoadReport {
  seconds: number;
  entries: number;
  refused: number;
  duesBatches: number;
  duesLines: number;
  credentials: number;
  orgKeys: number;
  leaves: number;
  /** Signed objects per second: entries, dues batches, credentials, key certificates. */
  perSecond: number;
}

const entryHeader = (kid: string) =>
  b64u(utf8(JSON.stringify({ alg: 'EdDSA', typ: 'pmc-entry+jwt', kid })));
const CREDENTIAL_HEADER = b64u(utf8(JSON.stringify({ alg: 'EdDSA', typ: 'pmc+jwt' })));

/** The compact JWS signJws makes, signed with node:crypto (Ed25519 is deterministic: same bytes). */
function signFast(header: string, claims: object, key: KeyObject): string {
  const input = `${header}.${b64u(utf8(JSON.stringify(claims)))}`;
  return `${input}.${b64u(nodeSign(null, Buffer.from(input), key))}`;
}
const hashOf = (jws: string) => createHash('sha256').update(jws).digest('base64url');

const memberId = (m: number) => `n${m.toString(36).padStart(11, '0')}`;

/** A GB 11643 number unique to member `m` (m below 5,000,000), its parity the gender's. */
function nationalIdOf(m: number, birth: string, male: boolean): string {
  const seq = Math.floor(m / 10_000) * 2 + (male ? 1 : 0);
  const first17 = `33${String(m % 10_000).padStart(4, '0')}${birth.replaceAll('-', '')}${String(seq).padStart(3, '0')}`;
  return first17 + nationalIdCheckChar(first17);
}

export async function loadNational(
  deps: ServiceDeps & { clock: { set(iso: string): void } },
  client: postgres.Sql,
  plan: NationalPlan,
  opts: { seed: number; log?: (line: string) => void },
): Promise<LoadReport> {
  const log = opts.log ?? (() => {});
  const t0 = performance.now();
  deps.clock.set(new Date((HISTORY_START - DAY) * 1000).toISOString());
  await initInstallation(deps, { id: 'root', name: '中央组织部' });
  const keys = await loadOrgs(deps, plan);
  log(`orgs: ${plan.orgs.length + 1} with certified keys (${sec(t0)} s)`);
  const tree: OrgTree = new Map([
    ['root', { id: 'root', name: '中央组织部', type: 'root', parent: null } as OrgNode],
    ...plan.orgs.map((o): [string, OrgNode] => [
      o.id,
      { id: o.id, name: o.name, type: o.type, parent: o.parent },
    ]),
  ]);
  const orgIds = plan.orgs.map((o) => o.id);
  const orgIndex = new Map(orgIds.map((id, i) => [id, i]));

  const w = {
    entries: await new CopyWriter(client, 'ledger_entries', [
      'member_id',
      'seq',
      'hash',
      'jws',
      'kind',
      'org_id',
      'actor',
      'issued_at',
      'claims',
      'leaf_index',
    ]).start(),
    leaves: await new CopyWriter(client, 'log_leaves', ['index', 'data']).start(),
    objects: await new CopyWriter(client, 'log_objects', [
      'leaf_index',
      'kind',
      'hash',
      'jws',
    ]).start(),
    batches: await new CopyWriter(client, 'dues_batches', [
      'id',
      'org_id',
      'month',
      'n',
      'hash',
      'line_count',
      'total_fen',
      'actor',
      'issued_at',
    ]).start(),
    lines: await new CopyWriter(client, 'dues_lines', [
      'batch_id',
      'idx',
      'member_id',
      'month',
      'amount_fen',
      'base_fen',
      'rate_bp',
      'kind',
    ]).start(),
  };

  const M = plan.members;
  const states: (MemberState | undefined)[] = new Array(M);
  const lastIss = new Int32Array(M).fill(-2); // org index of the last signer (-1: root)
  const lastIat = new Float64Array(M);
  const through = new Int16Array(M).fill(-1); // dues paid through, month of DUES_YEAR (1-12)
  const gap = new Uint8Array(M);
  const at = new Map<number, Set<number>>(); // branch → members held there
  const today0 = todayOf(HISTORY_START - DAY);
  let leaf = await currentLeaves(deps);
  let refused = 0;
  let entries = 0;
  let duesBatches = 0;

  const { time, member, kind, arg } = plan.events;
  const order = new Uint32Array(plan.eventCount);
  for (let i = 0; i < order.length; i++) order[i] = i;
  order.sort((a, b) => time[a]! - time[b]! || a - b);
  const dues = duesEvents(plan);
  let d = 0;

  const intentOf = (m: number, k: number, a: number, t: number, s: MemberState | undefined) => {
    const today = todayOf(t);
    switch (k) {
      case EV.enroll: {
        const p = personAt(opts.seed, m, today0, plan.personnel[m]);
        const home = orgIds[plan.home[m]!]!;
        const late = plan.admitted[m] === 1;
        const intent: Intent = {
          kind: 'enroll',
          org: home,
          name: p.name,
          category: late ? 'probationary' : p.category,
          personnel: plan.personnel[m]!,
          joined: late ? addDays(today, -10) : p.joined,
          ...(!late && p.fullOn ? { fullOn: p.fullOn } : {}),
        };
        return { intent, iss: home };
      }
      case EV.transferOut:
        return {
          intent: {
            kind: 'transfer_out',
            to: orgIds[a]!,
            reason: REASONS[m % REASONS.length]!,
          } as Intent,
          iss: s!.org,
        };
      case EV.arrival:
        return { intent: { kind: 'arrival' } as Intent, iss: s?.transfer?.to ?? orgIds[a]! };
      case EV.tempOut:
        return {
          intent: { kind: 'temp_out', until: addDays(today, a), reason: '外出务工' } as Intent,
          iss: s!.org,
        };
      case EV.tempReturn:
        return { intent: { kind: 'temp_return' } as Intent, iss: s!.org };
      case EV.fullMembership:
        return {
          intent: {
            kind: 'status',
            change: 'full_membership',
            date: today,
            reason: '按期转正',
          } as Intent,
          iss: s!.org,
        };
      case EV.deceased:
        return {
          intent: {
            kind: 'status',
            change: 'deceased',
            date: addDays(today, -2),
            reason: '病故',
          } as Intent,
          iss: s!.org,
        };
      default:
        return {
          intent: { kind: 'correction', refers: s!.seq, reason: '录入错误' } as Intent,
          iss: s!.org,
        };
    }
  };

  const keyOf = (org: string): OrgKey => keys.get(org)!;
  let progress = performance.now();
  for (let i = 0; i < order.length; i++) {
    const ev = order[i]!;
    const t = time[ev]!;
    while (d < dues.length && dues[d]!.t <= t) await recordBatch(dues[d++]!);
    const m = member[ev]!;
    const k = kind[ev]!;
    const s = states[m];
    if (k !== EV.enroll && s === undefined) {
      refused++;
      continue;
    }
    const { intent, iss: first } = intentOf(m, k, arg[ev]!, t, s);
    // The org named signs; when the rules want a higher one (a 基层党委's authority), the nearest that may.
    let decision: ReturnType<typeof decide> | undefined;
    let iss = first;
    for (const candidate of [first, ...ancestorsOf(tree, first)]) {
      try {
        decision = decide(s, intent, { tree, rules: deps.rules, now: t, iss: candidate });
        iss = candidate;
        break;
      } catch (err) {
        if (!(err instanceof PmcError)) throw err;
      }
    }
    if (decision === undefined) {
      refused++;
      continue;
    }
    const key = keyOf(iss);
    const claims = {
      sub: memberId(m),
      seq: (s?.seq ?? 0) + 1,
      ...(s?.head !== undefined ? { prv: s.head } : {}),
      knd: decision.knd,
      iss,
      act: `officer-${iss}`,
      iat: t,
      dat: decision.dat,
    } as EntryClaims;
    const jws = signFast(key.header, claims, key.node);
    const hash = hashOf(jws);
    const next = evolve(s, claims, hash);
    states[m] = next;
    lastIss[m] = iss === 'root' ? -1 : orgIndex.get(iss)!;
    lastIat[m] = t;
    if (s === undefined || s.org !== next.org || s.status !== next.status) {
      if (s !== undefined) at.get(orgIndex.get(s.org)!)?.delete(m);
      if (next.status === 'normal' || next.status === 'in_transit') {
        const o = orgIndex.get(next.org)!;
        let set = at.get(o);
        if (!set) at.set(o, (set = new Set()));
        set.add(m);
      }
    }
    await w.entries.row([
      claims.sub,
      claims.seq,
      hash,
      jws,
      claims.knd,
      iss,
      claims.act,
      new Date(t * 1000).toISOString(),
      copyText(JSON.stringify(claims)),
      leaf,
    ]);
    await w.leaves.row([leaf, copyBytes(fromB64u(hash))]);
    leaf++;
    entries++;
    if (entries % 500_000 === 0) {
      const now = performance.now();
      log(
        `  ${entries.toLocaleString()} entries, ${duesBatches.toLocaleString()} dues batches (${Math.round(500_000 / ((now - progress) / 1000)).toLocaleString()} entries/s)`,
      );
      progress = now;
    }
  }
  while (d < dues.length) await recordBatch(dues[d++]!);
  for (const x of Object.values(w)) await x.end();
  log(`entries and dues loaded (${sec(t0)} s); members…`);

  const credentials = await loadMembers();
  log(`members loaded (${sec(t0)} s); the log's tree and checkpoint…`);
  await finishLog();
  log(`log done (${sec(t0)} s)`);
  const seconds = (performance.now() - t0) / 1000;
  const objects = entries + duesBatches + credentials + keys.size;
  return {
    seconds,
    entries,
    refused,
    duesBatches,
    duesLines: w.lines.rows,
    credentials,
    orgKeys: keys.size,
    leaves: leaf,
    perSecond: Math.round(objects / seconds),
  };

  async function recordBatch(b: { t: number; org: number; month: number }) {
    const held = at.get(b.org);
    if (!held || held.size === 0) return;
    const org = orgIds[b.org]!;
    const mon = `${DUES_YEAR}-${String(b.month).padStart(2, '0')}`;
    const members = [...held].sort((x, y) => x - y);
    const lines: DuesLine[] = members.map((m) => {
      const student = plan.personnel[m] === 'student';
      const std = standardDues(plan.baseFen[m]!, student ? 'student' : 'salaried');
      const stops = plan.stopsPaying[m]!;
      const pays = !(stops > 0 && b.month >= stops) && (m * 7 + b.month) % 37 !== 0;
      if (pays && gap[m] === 0) through[m] = b.month;
      if (!pays) gap[m] = 1;
      return {
        member: memberId(m),
        month: mon,
        amount: pays ? std.amount : 0,
        base: std.base,
        rate: std.rate,
        kind: student ? 'student' : 'salaried',
      };
    });
    const signed = await signDuesBatch(
      { iss: org, mon, n: 1, act: `officer-${org}`, iat: b.t },
      lines,
      keyOf(org).signer,
    );
    await w.objects.row([leaf, 'dues_batch', signed.hash, signed.jws]);
    await w.leaves.row([leaf, copyBytes(fromB64u(signed.hash))]);
    leaf++;
    await w.batches.row([
      signed.id,
      org,
      mon,
      1,
      signed.hash,
      lines.length,
      signed.claims.sum,
      `officer-${org}`,
      new Date(b.t * 1000).toISOString(),
    ]);
    for (const [idx, l] of lines.entries())
      await w.lines.row([signed.id, idx, l.member, l.month, l.amount, l.base, l.rate, l.kind]);
    duesBatches++;
  }

  async function loadMembers(): Promise<number> {
    const rows = await new CopyWriter(client, 'members', [
      'id',
      'name',
      'gender',
      'ethnicity',
      'birth_date',
      'national_id_sealed',
      'national_id_index',
      'national_id_masked',
      'joined_on',
      'full_on',
      'category',
      'personnel',
      'cadre',
      'org_id',
      'status',
      'seq',
      'head',
      'credential',
      'dues_through',
    ]).start();
    let n = 0;
    const BATCH = 2_000;
    for (let lo = 0; lo < M; lo += BATCH) {
      const ms = [];
      for (let m = lo; m < Math.min(M, lo + BATCH); m++) if (states[m]) ms.push(m);
      const sealed = await Promise.all(
        ms.map(async (m) => {
          const p = personAt(opts.seed, m, today0, plan.personnel[m]);
          const nid = nationalIdOf(m, p.birth, p.gender === 'M');
          const [box, index] = await Promise.all([
            seal(deps.kek.aes, utf8(nid), `national-id:${memberId(m)}`),
            blindIndex(deps.kek, NATIONAL_ID, nid),
          ]);
          return { m, p, nid, box, index };
        }),
      );
      for (const { m, p, nid, box, index } of sealed) {
        const s = states[m]!;
        const signerOrg = lastIss[m] === -1 ? 'root' : orgIds[lastIss[m]!]!;
        const iat = lastIat[m]!;
        const credential = signFast(
          CREDENTIAL_HEADER,
          {
            iss: signerOrg,
            sub: s.id,
            nam: s.name,
            org: s.org,
            st: s.status,
            seq: s.seq,
            hd: s.head,
            iat,
            exp: iat + CREDENTIAL_TTL_SECONDS,
          },
          keyOf(signerOrg).node,
        );
        n++;
        await rows.row([
          s.id,
          copyText(s.name),
          p.gender,
          copyText(p.ethnicity),
          p.birth,
          box,
          index,
          maskNationalId(nid),
          s.joined,
          s.fullOn ?? NULL,
          s.category,
          s.personnel,
          p.cadre ? 't' : 'f',
          s.org,
          s.status,
          s.seq,
          s.head!,
          credential,
          through[m]! > 0 ? `${DUES_YEAR}-${String(through[m]).padStart(2, '0')}` : NULL,
        ]);
      }
    }
    await rows.end();
    return n;
  }

  async function finishLog(): Promise<void> {
    const db = deps.db;
    await db.execute(
      sql`insert into ledger_positions (member_id, seq) select member_id, seq from ledger_entries`,
    );
    await db.execute(sql`update log_counter set size = ${leaf} where id = 1`);
    await db.execute(
      sql`insert into log_counter (id, size) values (1, ${leaf}) on conflict do nothing`,
    );
    // The tree in SQL (RFC 9162 hashing), level by level, as bench/log.ts builds it.
    await db.execute(sql`insert into log_nodes (level, index, hash)
      select 0, index, sha256('\\x00'::bytea || data) from log_leaves on conflict do nothing`);
    for (let level = 1, count = leaf; count > 1; level++, count = Math.floor(count / 2)) {
      await db.execute(
        sql.raw(`insert into log_nodes (level, index, hash)
        select ${level}, a.index / 2, sha256('\\x01'::bytea || a.hash || b.hash)
        from log_nodes a join log_nodes b on b.level = a.level and b.index = a.index + 1
        where a.level = ${level - 1} and a.index % 2 = 0 on conflict do nothing`),
      );
    }
    await db.execute(sql`analyze`);
    // One checkpoint over everything, signed and cosigned as integrate() signs one.
    deps.clock.set('2027-01-02T09:00:00Z');
    const id = await logIdentity(deps);
    const signer = await logSigner(deps, id);
    const root = await rootAt(leaf, nodeReader(db));
    const signed = await signNote(
      formatCheckpoint({ origin: id.origin, size: leaf, root }),
      signer,
    );
    const now = deps.now();
    await storeCheckpoint(db, {
      size: leaf,
      root,
      note: await cosignNote(signed, signer, now),
      signedAt: new Date(now * 1000),
    });
  }
}

/** Every branch's dues, the 20th of each month of the dues year, a few seconds apart. */
function duesEvents(plan: NationalPlan): { t: number; org: number; month: number }[] {
  const out = [];
  for (let month = 1; month <= 12; month++) {
    const base = Date.parse(`${DUES_YEAR}-${String(month).padStart(2, '0')}-20T10:00:00Z`) / 1000;
    for (const [i, b] of plan.branches.entries())
      out.push({ t: base + (i % 20_000), org: b, month });
  }
  return out.sort((a, b) => a.t - b.t);
}

async function currentLeaves(deps: ServiceDeps): Promise<number> {
  const rows = (await deps.db.execute(
    sql`select count(*)::int as n from log_leaves`,
  )) as unknown as { n: number }[];
  return Number(rows[0]!.n);
}

/** Each org's key, made and certified by its parent's key, inserted in batches. */
async function loadOrgs(deps: ServiceDeps, plan: NationalPlan): Promise<Map<string, OrgKey>> {
  const keys = new Map<string, OrgKey>();
  const nbf = deps.now();
  const exp = nbf + ORG_KEY_YEARS * 365 * DAY;
  const rootRow = (await deps.db.select().from(orgKeys)).find((k) => k.orgId === 'root')!;
  const rootKey = await generateRootView(deps, rootRow.kid, rootRow.privateSealed);
  keys.set('root', rootKey);
  const BATCH = 1_000;
  for (let lo = 0; lo < plan.orgs.length; lo += BATCH) {
    const slice = plan.orgs.slice(lo, lo + BATCH);
    const made = await Promise.all(
      slice.map(async (o) => {
        const key = await generateOrgKey();
        return { o, key, sealed: await sealPrivateJwk(deps.kek.aes, key.privateJwk, key.kid) };
      }),
    );
    const rows = [];
    for (const { o, key, sealed } of made) {
      // Parents come first in the plan, so the certifier's key exists already.
      const certifier = keys.get(o.parent)!;
      const certificate = await issueKeyCertificate(
        { iss: o.parent, sub: o.id, jwk: key.publicJwk, nbf, exp, iat: nbf },
        certifier.signer,
      );
      keys.set(o.id, {
        kid: key.kid,
        signer: { orgId: o.id, kid: key.kid, privateKey: key.privateKey },
        node: createPrivateKey({ key: key.privateJwk as never, format: 'jwk' }),
        header: entryHeader(key.kid),
      });
      rows.push({
        kid: key.kid,
        orgId: o.id,
        publicJwk: key.publicJwk,
        privateSealed: sealed,
        certificate,
        notBefore: new Date(nbf * 1000),
        expiresAt: new Date(exp * 1000),
      });
    }
    await deps.db
      .insert(organisations)
      .values(slice.map((o) => ({ id: o.id, name: o.name, type: o.type, parentId: o.parent })));
    await deps.db.insert(orgKeys).values(rows);
  }
  return keys;
}

/** The root's key as the loader signs with it (unsealed, as signerFor unseals it). */
async function generateRootView(deps: ServiceDeps, kid: string, sealed: string): Promise<OrgKey> {
  const jwk = JSON.parse(
    new TextDecoder().decode(await open(deps.kek.aes, sealed, `org-key:${kid}`)),
  );
  return {
    kid,
    signer: { orgId: 'root', kid, privateKey: await importPrivateJwk(jwk) },
    node: createPrivateKey({ key: jwk, format: 'jwk' }),
    header: entryHeader(kid),
  };
}

const sec = (t0: number) => ((performance.now() - t0) / 1000).toFixed(1);
