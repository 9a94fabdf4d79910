import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditFiling } from '../../src/crypto/audit-filing.ts';
import type { PublicJwk } from '../../src/crypto/keys.ts';
import { PmcError } from '../../src/errors.ts';
import { filingEvidence } from '../../src/service/filing-evidence.ts';
import { pullFilings } from '../../src/service/filing-verdict.ts';
import { exemptFiling, extendFiling, fileAnnual, reviewFiling } from '../../src/service/filings.ts';
import { enroll } from '../../src/service/members.ts';
import { fsck } from '../../src/service/fsck.ts';
import { integrate } from '../../src/service/log.ts';
import type { Store } from '../../src/store/db.ts';
import { seedTree, testDeps } from '../support/deps.ts';
import { person } from '../support/people.ts';
import { openTestStore } from '../support/stores.ts';

const cover = { filer: '李四', responsible: '王五', phone: '010-12345678', date: '2027-01-10' };
const officer = 'officer-1';

async function reasonOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
    return undefined;
  } catch (err) {
    if (!(err instanceof PmcError)) throw err;
    return err.reason ?? err.code;
  }
}

/** 逐级报备 over a real store: b1, b2 → c1 → root, with c2 exempted; tampering caught by the pull. */
export function runFilingWorkflow(driver: Store['driver']) {
  describe(`annual filing workflow on ${driver}`, () => {
    let store: Store;
    let deps: Awaited<ReturnType<typeof testDeps>>;
    let rootJwk: PublicJwk;
    const at = (iso: string) => deps.clock.set(`${iso}T09:00:00Z`);
    const file = (org: string, extra = {}) =>
      fileAnnual(deps, { org, year: 2026, officer, cover, ...extra });
    const review = (child: string, action: 'accepted' | 'returned', reason?: string) =>
      reviewFiling(deps, { child, year: 2026, action, officer, ...(reason ? { reason } : {}) });

    beforeAll(async () => {
      store = await openTestStore(driver);
      deps = await testDeps(store);
      at('2026-01-05');
      ({ rootJwk } = await seedTree(deps)); // root → c1 {b1, b2}; c2 {b3}
      at('2026-03-01');
      for (const org of ['b1', 'b1', 'b2', 'b3']) {
        await enroll(deps, person({ org }), { org, officer });
      }
    });
    afterAll(async () => {
      await store?.close();
    });

    it('refuses to file before the cut-off', async () => {
      at('2026-12-20');
      expect(await reasonOf(file('b1'))).toBe('BEFORE_CUTOFF');
    });

    it('files bottom-up: a parent waits for its children; a return means a new version; acceptance locks', async () => {
      at('2027-01-06');
      await file('b1');
      expect(await reasonOf(file('b1'))).toBe('FILING_PENDING');
      expect(await reasonOf(file('c1'))).toBe('CHILDREN_PENDING');
      expect(await reasonOf(review('b1', 'returned'))).toBe('REASON_REQUIRED');
      await review('b1', 'returned', '封面电话有误');
      at('2027-01-07');
      await file('b1', { cover: { ...cover, phone: '010-87654321' } });
      await review('b1', 'accepted');
      expect(await reasonOf(file('b1'))).toBe('FILING_LOCKED');
      await file('b2');
      await review('b2', 'accepted');
      const c1 = await file('c1');
      expect(c1.claims.knd === 'filed' && c1.claims.ver).toBe(1);
      if (c1.claims.knd !== 'filed') throw new Error('filed');
      expect(c1.claims.kids.map((k) => k.org).sort()).toEqual(['b1', 'b2']);
      expect(c1.claims.fig.balance.closing).toBe(3);
    });

    it('the parent pulls: states, versions, lateness and clean verdicts', async () => {
      const pull = await pullFilings(deps, 'c1', 2026);
      expect(pull.children.map((c) => [c.org, c.state, c.version])).toEqual([
        ['b1', 'accepted', 2],
        ['b2', 'accepted', 1],
      ]);
      expect(pull.children.every((c) => c.verdict?.ok)).toBe(true);
      expect(pull.rate).toEqual({ expected: 2, filed: 2, onTime: 2, rate: 1 });
      expect(pull.own).toMatchObject({ state: 'filed', version: 1 });
      expect(pull.own.verdict?.ok).toBe(true);
    });

    it('the root files over an exempted child, explaining the sums', async () => {
      at('2027-01-08');
      await review('c1', 'accepted');
      expect(await reasonOf(file('root'))).toBe('CHILDREN_PENDING');
      await extendFiling(deps, {
        child: 'c2',
        year: 2026,
        until: '2027-02-15',
        reason: '系统故障',
        officer,
      });
      await exemptFiling(deps, {
        child: 'c2',
        year: 2026,
        reason: '机构撤并',
        late: false,
        officer,
      });
      expect(await reasonOf(file('root'))).toBe('SUMS_DIFFER');
      const root = await file('root', {
        explanations: { consolidation: '教育局党委免报，其党员1名直接计入' },
      });
      expect(root.claims.knd).toBe('filed');
      const pull = await pullFilings(deps, 'root', 2026);
      const c2 = pull.children.find((c) => c.org === 'c2')!;
      expect(c2).toMatchObject({
        version: 0,
        exempt: { reason: '机构撤并', late: false },
        extendedUntil: '2027-02-15',
      });
    });

    it('passes the offline audit with only the root key while nothing is tampered', async () => {
      const r = await auditFiling(
        await filingEvidence(deps, 'c1', 2026),
        rootJwk,
        deps.now(),
        deps.verifier,
      );
      expect(r.findings).toEqual([]);
      expect(r).toMatchObject({ ok: true, version: 1, members: 3 });
      expect(r.entries).toBeGreaterThanOrEqual(3);
    });

    it('names a figure edited in the database after filing, and a backdated entry', async () => {
      await deps.db.execute(
        sql`update annual_filings set claims = jsonb_set(claims, '{fig,balance,closing}', '99') where org_id = 'b2' and kind = 'filed'`,
      );
      // An enrolment entered now but dated before the cut-off, after b1's checkpoint.
      at('2026-12-30');
      await enroll(deps, person({ org: 'b1' }), { org: 'b1', officer });
      at('2027-01-09');
      const pull = await pullFilings(deps, 'c1', 2026);
      const b2 = pull.children.find((c) => c.org === 'b2')!.verdict!;
      expect(b2.ok).toBe(false);
      expect(b2.stored).toEqual([{ path: 'fig.balance.closing', filed: 1, recomputed: 99 }]);
      const b1 = pull.children.find((c) => c.org === 'b1')!.verdict!;
      expect(b1.ok).toBe(false);
      expect(b1.backdated).toHaveLength(1);
      expect(b1.backdated[0]).toMatchObject({ kind: 'enroll', org: 'b1' });
      expect(b1.figures).toEqual([]); // the figures themselves still recompute as of the checkpoint

      // The offline audit reports both, from the evidence alone.
      const ofB2 = await auditFiling(
        await filingEvidence(deps, 'b2', 2026),
        rootJwk,
        deps.now(),
        deps.verifier,
      );
      expect(ofB2.ok).toBe(false);
      expect(ofB2.findings).toEqual([
        expect.objectContaining({ code: 'STORED', where: 'fig.balance.closing' }),
      ]);
      const ofC1 = await auditFiling(
        await filingEvidence(deps, 'c1', 2026),
        rootJwk,
        deps.now(),
        deps.verifier,
      );
      expect(ofC1.findings.map((f) => f.code)).toEqual(['BACKDATED']);
      // Evidence that leaves ledgers out: the signed figures no longer recompute.
      const ev = await filingEvidence(deps, 'b1', 2026);
      const forged = { ...ev, members: [] }; // hide the members' ledgers
      const hidden = await auditFiling(forged, rootJwk, deps.now(), deps.verifier);
      expect(
        hidden.findings.some((f) => f.code === 'FIGURE' && f.where === 'balance.closing'),
      ).toBe(true);
    });

    it('logs every filing step as a leaf fsck recomputes', async () => {
      const report = await fsck(deps);
      expect(report.problems).toEqual([]);
      // b1 ×2 filed + 1 returned + 1 accepted, b2 filed + accepted, c1 filed + accepted, c2 extended + exempted, root filed.
      expect(report.checked.objects).toBe(11);
    });
  });
}

/**
 * Backdating by the log's own clock (C2SP tlog-cosignature on every checkpoint): an entry dated
 * June but entered after a checkpoint the log cosigned in July, which did not contain it, is
 * flagged although the filing's checkpoint (January) contains it.
 */
export function runTimedBackdating(driver: Store['driver']) {
  describe(`backdating against cosigned checkpoint times on ${driver}`, () => {
    let store: Store;
    let deps: Awaited<ReturnType<typeof testDeps>>;
    const at = (iso: string) => deps.clock.set(`${iso}T09:00:00Z`);

    beforeAll(async () => {
      store = await openTestStore(driver);
      deps = await testDeps(store);
      at('2026-01-05');
      ({ rootJwk } = await seedTree(deps));
    });
    afterAll(async () => {
      await store?.close();
    });

    let rootJwk: PublicJwk;
    let july: Awaited<ReturnType<typeof integrate>>;
    let late = '';
    it('flags an entry dated before a timed checkpoint that did not contain it', async () => {
      at('2026-07-01');
      await enroll(deps, person({ org: 'b1' }), { org: 'b1', officer });
      july = await integrate(deps);
      at('2026-06-01'); // entered now, after July's checkpoint, dated June
      ({ id: late } = await enroll(deps, person({ org: 'b1' }), { org: 'b1', officer }));
      at('2026-07-01');
      await enroll(deps, person({ org: 'b2' }), { org: 'b2', officer }); // dated in order: no flag
      at('2027-01-06');
      await fileAnnual(deps, { org: 'b1', year: 2026, officer, cover });
      await fileAnnual(deps, { org: 'b2', year: 2026, officer, cover });
      const pull = await pullFilings(deps, 'c1', 2026);
      const b1 = pull.children.find((c) => c.org === 'b1')!.verdict!;
      expect(b1.ok).toBe(false);
      expect(b1.figures).toEqual([]);
      expect(b1.backdated).toEqual([
        expect.objectContaining({
          member: late,
          kind: 'enroll',
          checkpoint: { size: july!.size, time: '2026-07-01T09:00:00.000Z' },
        }),
      ]);
      const b2 = pull.children.find((c) => c.org === 'b2')!.verdict!;
      expect(b2).toMatchObject({ ok: true, backdated: [] });
    });

    it('the offline audit names it too, from the cosigned checkpoints the evidence carries', async () => {
      const ofB1 = await filingEvidence(deps, 'b1', 2026);
      expect(ofB1.timed.length).toBeGreaterThan(0);
      const r = await auditFiling(ofB1, rootJwk, deps.now(), deps.verifier);
      expect(r.figures).toEqual([]); // only the timed rule catches it
      expect(r.findings).toEqual([
        {
          code: 'BACKDATED',
          where: `member ${late} entry 1`,
          message: expect.stringContaining(
            `the checkpoint of ${july!.size} the log cosigned at 2026-07-01T09:00:00.000Z`,
          ),
        },
      ]);
      // The honest filing audits clean, its cosigned checkpoints checked all the same.
      const ofB2 = await filingEvidence(deps, 'b2', 2026);
      expect(ofB2.timed.length).toBeGreaterThan(0);
      const clean = await auditFiling(ofB2, rootJwk, deps.now(), deps.verifier);
      expect(clean.findings).toEqual([]);
      expect(clean.ok).toBe(true);
    });

    it('refuses a cosigned checkpoint that is not the log’s, or not a prefix of the filing’s tree', async () => {
      const ev = await filingEvidence(deps, 'b1', 2026);
      const i = ev.timed.findIndex((t) => t.note.split('\n')[1] === String(july!.size));
      const t = ev.timed[i]!;
      // Another time under the same cosignature: the signature no longer verifies.
      const lines = t.note.split('\n');
      const cos = lines.length - 2; // the cosignature is the note's last line
      const raw = Buffer.from(lines[cos]!.split(' ').at(-1)!, 'base64');
      raw.writeBigUInt64BE(raw.readBigUInt64BE(4) + 1n, 4);
      lines[cos] = `${lines[cos]!.split(' ').slice(0, -1).join(' ')} ${raw.toString('base64')}`;
      const retimed = { ...t, note: lines.join('\n') };
      const proof = [...t.consistency];
      proof[0] = Buffer.alloc(32, 7).toString('base64');
      for (const [forged, code] of [
        [retimed, 'BAD_CHECKPOINT'],
        [{ ...t, consistency: proof }, 'BAD_LOG_PROOF'],
      ] as const) {
        const timed = ev.timed.map((x, k) => (k === i ? forged : x));
        const r = await auditFiling({ ...ev, timed }, rootJwk, deps.now(), deps.verifier);
        expect(r.findings).toEqual([expect.objectContaining({ code, where: `timed[${i}]` })]);
      }
    });
  });
}
