/**
 * Plays a demo plan (src/demo/bureau.ts) through the real services under a
 * simulated clock, from the plan's start (three years ago) to its end: the
 * root and every org key are made at the start, the roster is imported, then
 * each event is signed at its own time — so entries, key validity, dues
 * batches and checkpoints agree, and fsck and every verifier pass on the
 * result. Needs an uninitialised installation.
 */
import type { PublicJwk } from '../crypto/keys.ts';
import { duesPaid, type DemoEvent, type DemoMember, type DemoPlan } from '../demo/bureau.ts';
import { ROSTER_HEADERS, rosterRow } from '../demo/people.ts';
import { formatYuan, standardDues } from '../domain/dues.ts';
import { PmcError } from '../errors.ts';
import type { Table } from '../import/table.ts';
import { getSetting } from '../store/queries.ts';
import type { ServiceDeps } from './deps.ts';
import { duesTemplate, recordDues } from './dues.ts';
import { endorse } from './endorse.ts';
import { importMembers } from './import.ts';
import { integrate } from './log.ts';
import { enroll } from './members.ts';
import { addOrg, initInstallation } from './orgs.ts';
import { mapConcurrent } from './concurrency.ts';

export interface DemoRunResult {
  rootJwk: PublicJwk;
  orgs: number;
  members: number;
  /** Ledger entries signed (enrolments included), dues batches, checkpoints. */
  entries: number;
  duesBatches: number;
  checkpoints: number;
  /** Events the services refused (a plan bug if ever > 0): the first few, for the report. */
  refused: { event: DemoEvent; message: string }[];
  ms: number;
  /** Signed objects (entries + dues batches) per second of wall time. */
  perSecond: number;
  /** Member id by plan key. */
  ids: Map<number, string>;
}

const IMPORT_CHUNK = 20_000;

/**
 * @example const r = await runDemoHistory(deps, planDemo({ scale: 'slice', end: deps.now() }));
 */
export async function runDemoHistory(
  base: ServiceDeps,
  plan: DemoPlan,
  progress: (line: string) => void = () => {},
): Promise<DemoRunResult> {
  if (await getSetting(base.db, 'root_org'))
    throw new PmcError('INVALID_INPUT', 'the demo history needs an empty installation', {
      field: 'data',
    });
  const t0 = performance.now();
  let clock = plan.start;
  const deps: ServiceDeps = { ...base, now: () => clock };
  const { rootJwk } = await initInstallation(deps, { id: 'root', name: '市委组织部' });
  for (const org of plan.orgs) await addOrg(deps, { ...org });
  progress(`orgs ${plan.orgs.length} (${Math.round(performance.now() - t0)} ms)`);

  const ids = new Map<number, string>();
  const keyById = new Map<string, number>();
  const firstMonth = new Date(plan.start * 1000).toISOString().slice(0, 7);
  const orgOf = new Map<number, string>();
  const byKey = new Map<number, DemoMember>();
  for (const m of [...plan.initial, ...plan.later]) byKey.set(m.key, m);
  let entries = 0;
  for (let i = 0; i < plan.initial.length; i += IMPORT_CHUNK) {
    const chunk = plan.initial.slice(i, i + IMPORT_CHUNK);
    const table: Table = {
      headers: [...ROSTER_HEADERS],
      rows: chunk.map((m, k) => ({ row: k + 2, cells: rosterRow(m.person, m.org) })),
      encoding: 'utf-8',
    };
    const report = await importMembers(deps, table, { officer: 'demo.import' });
    if (!report.imported || report.created.length !== chunk.length)
      throw new Error(
        `the demo roster did not import: ${JSON.stringify(report.problems.slice(0, 3))}`,
      );
    for (const c of report.created) {
      const m = chunk[c.row - 2]!;
      ids.set(m.key, c.id);
      keyById.set(c.id, m.key);
      orgOf.set(m.key, m.org);
    }
    entries += report.created.length;
  }
  progress(`roster ${ids.size} members (${Math.round(performance.now() - t0)} ms)`);

  const refused: DemoRunResult['refused'] = [];
  let duesBatches = 0;
  let checkpoints = 0;
  let done = 0;
  const officer = (org: string) => `${org}.officer`;
  const attempt = async (e: DemoEvent) => {
    try {
      if (await play(e)) entries++;
    } catch (err) {
      if (!(err instanceof PmcError)) throw err;
      if (refused.length < 20) refused.push({ event: e, message: err.message });
    }
  };
  const events = plan.events;
  for (let i = 0; i < events.length;) {
    const e = events[i]!;
    clock = e.at;
    // A morning's dues batches are each their own branch's: recorded side by side (PostgreSQL
    // takes them in parallel; PGlite in turn), each stamped with the first one's time.
    let j = i + 1;
    if (e.kind === 'dues') while (j < events.length && events[j]!.kind === 'dues') j++;
    if (j - i > 1) await mapConcurrent(events.slice(i, j), attempt, 6);
    else await attempt(e);
    const before = done;
    done += j - i;
    i = j;
    if (Math.floor(done / 2000) > Math.floor(before / 2000))
      progress(
        `${new Date(e.at * 1000).toISOString().slice(0, 10)}: ${done}/${events.length} events, ${entries} entries, ${duesBatches} dues batches`,
      );
  }
  const ms = Math.round(performance.now() - t0);
  return {
    rootJwk,
    orgs: plan.orgs.length,
    members: ids.size,
    entries,
    duesBatches,
    checkpoints,
    refused,
    ms,
    perSecond: Math.round(((entries + duesBatches) * 1000) / Math.max(1, ms)),
    ids,
  };

  /** Plays one event; true when it signed a ledger entry. */
  async function play(e: DemoEvent): Promise<boolean> {
    const id = 'key' in e ? ids.get(e.key) : undefined;
    const endorseAs = async (org: string, intent: Parameters<typeof endorse>[1]['intent']) => {
      if (!id) return false; // enrolment refused earlier: nothing to sign for them
      await endorse(deps, { memberId: id, intent, actor: { org, officer: officer(org) } });
      return true;
    };
    switch (e.kind) {
      case 'enroll': {
        const m = byKey.get(e.key)!;
        const p = m.person;
        const r = await enroll(
          deps,
          {
            org: m.org,
            name: p.name,
            gender: p.gender,
            ethnicity: p.ethnicity,
            birth: p.birth,
            nationalId: p.nationalId,
            joined: p.joined,
            ...(p.fullOn ? { fullOn: p.fullOn } : {}),
            category: p.category,
            personnel: p.personnel,
            cadre: p.cadre,
          },
          { org: m.org, officer: officer(m.org) },
        );
        ids.set(e.key, r.id);
        keyById.set(r.id, e.key);
        orgOf.set(e.key, m.org);
        return true;
      }
      case 'transfer_out':
        return endorseAs(e.signer, { kind: 'transfer_out', to: e.to, reason: e.reason });
      case 'arrival': {
        const ok = await endorseAs(e.org, { kind: 'arrival' });
        if (ok) orgOf.set(e.key, e.org);
        return ok;
      }
      case 'temp_out':
        return endorseAs(orgOf.get(e.key)!, {
          kind: 'temp_out',
          until: e.until,
          to: e.to,
          reason: e.reason,
        });
      case 'temp_return':
        return endorseAs(orgOf.get(e.key)!, { kind: 'temp_return' });
      case 'flow_register':
        return endorseAs(orgOf.get(e.key)!, {
          kind: 'flow_register',
          action: e.action,
          host: e.host,
        });
      case 'full_membership':
        return endorseAs(orgOf.get(e.key)!, {
          kind: 'status',
          change: 'full_membership',
          date: e.date,
        });
      case 'dues': {
        await recordMonth(e.org, e.month);
        return false;
      }
      case 'checkpoint':
        await integrate(deps);
        checkpoints++;
        return false;
    }
  }

  async function recordMonth(org: string, month: string): Promise<void> {
    const template = await duesTemplate(deps, org, month);
    const rows = template.flatMap((t, i) => {
      const key = keyById.get(t.member);
      const m = key === undefined ? undefined : byKey.get(key);
      if (!m) return [];
      const kind = m.person.personnel === 'student' ? 'student' : 'salaried';
      const std = standardDues(m.baseFen, kind);
      const paid = duesPaid(plan.seed, m.key, month, firstMonth);
      return [
        {
          row: i + 2,
          member: t.member,
          kind: kind === 'student' ? '学生' : '在职',
          base: kind === 'student' ? '' : formatYuan(m.baseFen),
          amount: paid ? formatYuan(std.amount) : '0.00',
        },
      ];
    });
    if (rows.length === 0) return;
    await recordDues(deps, { org, month, rows, skipInvalid: true }, { org, officer: officer(org) });
    duesBatches++;
  }
}
