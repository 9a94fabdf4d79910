import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyBundle } from '../../src/crypto/verify-bundle.ts';
import { verifyTrustList } from '../../src/crypto/trust-list.ts';
import type { PublicJwk } from '../../src/crypto/keys.ts';
import type { Store } from '../../src/store/db.ts';
import { createApiToken } from '../../src/service/tokens.ts';
import { seedTree } from '../support/deps.ts';
import { Client, json, memberAccount, officer, testApp } from '../support/http.ts';
import { person } from '../support/people.ts';
import { openTestStore } from '../support/stores.ts';
import { todayOf } from '../../src/domain/dates.ts';

type Alerts = {
  alerts: {
    type: string;
    title: { zh: string };
    member: { id: string } | null;
    daysOverdue: number;
    detail: Record<string, unknown>;
  }[];
};

/** The API as officers, members, committees and the HR system use it, end to end over app.request(). */
export function runFlow(driver: Store['driver']) {
  describe(`HTTP flows on ${driver}`, () => {
    let store: Store;
    let t: Awaited<ReturnType<typeof testApp>>;
    let rootJwk: PublicJwk;
    let b1: Client, b3: Client, c1: Client, c2: Client, admin: Client;

    beforeAll(async () => {
      store = await openTestStore(driver);
      t = await testApp(store);
      ({ rootJwk } = await seedTree(t.deps));
      await officer(t.deps, 'b1-sec', [{ org: 'b1', role: 'secretary' }]);
      await officer(t.deps, 'b3-org', [{ org: 'b3', role: 'organizer' }]);
      await officer(t.deps, 'c1-sec', [{ org: 'c1', role: 'secretary' }]);
      await officer(t.deps, 'c2-sec', [{ org: 'c2', role: 'secretary' }]);
      await officer(t.deps, 'root-sec', [{ org: 'root', role: 'secretary' }]);
      await relogin();
    });
    const relogin = async () => {
      const login = (u: string) => Client.login(t.app, u);
      [b1, b3, c1, c2, admin] = await Promise.all([
        login('b1-sec'),
        login('b3-org'),
        login('c1-sec'),
        login('c2-sec'),
        login('root-sec'),
      ]);
    };
    /** Moves the clock; sessions idle longer than 30 min have expired, so everyone logs in again. */
    const advance = async (days: number) => {
      t.deps.clock.advanceDays(days);
      await relogin();
    };
    afterAll(async () => {
      await store?.close();
    });

    it('enroll → scan → 转出签注 → scan → 报到签注; the member’s bundle verifies with the root key alone', async () => {
      const enr = await json<{ id: string; credential: string }>(
        await b1.post('/api/members', person({ name: '张卫国' })),
      );
      const out = await b1.post('/api/endorsements', {
        kind: 'transfer_out',
        credential: enr.credential,
        to: 'b3',
        reason: '工作调动',
      });
      expect(out.status).toBe(201);
      const o = await json<{ credential: string; as: string; seq: number }>(out);
      expect(o).toMatchObject({ as: 'b1', seq: 2 });
      // The destination sees the arrival it awaits, then scans the member's new QR.
      const waiting = await json<Alerts>(await b3.get('/api/orgs/b3/alerts'));
      expect(waiting.alerts).toContainEqual(
        expect.objectContaining({
          type: 'arrival_awaiting',
          member: expect.objectContaining({ id: enr.id }),
          daysOverdue: 0,
        }),
      );
      await advance(2);
      const arr = await b3.post('/api/endorsements', { kind: 'arrival', credential: o.credential });
      expect(arr.status).toBe(201);

      await memberAccount(t.deps, 'zhang', enr.id);
      const me = await Client.login(t.app, 'zhang');
      const mine = await json<{ member: { id: string; org: string; credential: string } }>(
        await me.get('/api/me'),
      );
      expect(mine.member).toMatchObject({ id: enr.id, org: 'b3' });
      const bundle = await me.get(`/api/members/${enr.id}/bundle`);
      expect(bundle.headers.get('content-type')).toBe('application/vnd.pmcert.bundle+json');
      const r = await verifyBundle(await bundle.text(), rootJwk, t.deps.now(), {
        verifier: t.deps.verifier,
      });
      expect(r).toMatchObject({ valid: true });

      const png = PNG.sync.read(
        Buffer.from(await (await me.get(`/api/members/${enr.id}/qr.png`)).arrayBuffer()),
      );
      const qr = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
      expect(qr?.data).toBe(`https://pmc.example.cn/v#${mine.member.credential}`);
      const svg = await me.get(`/api/members/${enr.id}/qr.svg`);
      expect(svg.headers.get('content-type')).toBe('image/svg+xml');
      expect(await svg.text()).toContain('<svg');
    });

    it('alerts: a transfer past its deadline shows at the origin with days overdue; a 证明信 past its end date too', async () => {
      const { id } = await json<{ id: string }>(await b1.post('/api/members', person()));
      await b1.post('/api/endorsements', {
        kind: 'transfer_out',
        member: id,
        to: 'b3',
        validDays: 10,
      });
      const other = await json<{ id: string }>(await b1.post('/api/members', person()));
      await b1.post('/api/endorsements', {
        kind: 'temp_out',
        member: other.id,
        until: '2026-03-20',
        to: '深圳',
      });
      await advance(25);
      const atB1 = await json<Alerts>(await b1.get('/api/orgs/b1/alerts'));
      const overdue = atB1.alerts.find(
        (a) => a.type === 'transfer_overdue' && a.member?.id === id,
      )!;
      expect(overdue.daysOverdue).toBeGreaterThanOrEqual(13);
      expect(overdue.title.zh).toBe('转出逾期未报到');
      const temp = atB1.alerts.find((a) => a.type === 'temp_overdue' && a.member?.id === other.id)!;
      expect(temp.daysOverdue).toBeGreaterThan(0);
      // The committee above sees its subtree's alerts too; a sibling committee does not.
      expect(
        (await json<Alerts>(await c1.get('/api/orgs/c1/alerts'))).alerts.some(
          (a) => a.member?.id === id,
        ),
      ).toBe(true);
      expect((await c2.get('/api/orgs/c1/alerts')).status).toBe(403);
      await b1.post('/api/endorsements', { kind: 'temp_return', member: other.id });
      const after = await json<Alerts>(await b1.get('/api/orgs/b1/alerts'));
      expect(after.alerts.some((a) => a.type === 'temp_overdue' && a.member?.id === other.id)).toBe(
        false,
      );
    });

    it('HR moves: with no transfer_out within 30 days, “行政关系已转、组织关系未转” at both orgs; a transfer clears it', async () => {
      const { token } = await createApiToken(
        t.deps,
        { org: 'root', name: '人事系统', abilities: ['hr:moves'] },
        'test',
      );
      const hr = Client.withToken(t.app, token);
      const p = person();
      const { id } = await json<{ id: string }>(await b1.post('/api/members', p));
      const today = new Date(t.deps.now() * 1000).toISOString().slice(0, 10);
      const move = {
        nationalId: p.nationalId,
        name: p.name,
        from: 'b1',
        to: 'b3',
        date: today,
        reference: `HR-${id}`,
      };
      const res = await hr.post('/api/hr/moves', move);
      expect(res.status).toBe(201);
      expect((await json<{ member: { id: string } }>(res)).member.id).toBe(id);
      expect((await hr.post('/api/hr/moves', move)).status).toBe(200); // same reference: the same move
      const unknown = person();
      await hr.post('/api/hr/moves', {
        nationalId: unknown.nationalId,
        from: 'b1',
        to: 'b3',
        date: today,
      });
      // A member who died after the move has no relationship left to transfer: no alert.
      const gone = person();
      const { id: goneId } = await json<{ id: string }>(await b1.post('/api/members', gone));
      await hr.post('/api/hr/moves', {
        nationalId: gone.nationalId,
        from: 'b1',
        to: 'b3',
        date: today,
      });
      const died = await b1.post('/api/endorsements', {
        kind: 'status',
        member: goneId,
        change: 'deceased',
        date: today,
      });
      expect(died.status).toBe(201);

      const hrAlerts = async (c: Client, org: string) =>
        (await json<Alerts>(await c.get(`/api/orgs/${org}/alerts`))).alerts.filter(
          (a) => a.type === 'hr_unmatched',
        );
      expect(await hrAlerts(b1, 'b1')).toEqual([]);
      await advance(31);
      for (const [c, org] of [
        [b1, 'b1'],
        [b3, 'b3'],
      ] as const) {
        const alerts = await hrAlerts(c, org);
        const mine = alerts.find((a) => a.member?.id === id)!;
        expect(mine.title.zh).toBe('行政关系已转、组织关系未转');
        expect(mine.daysOverdue).toBe(1);
        expect(mine.detail).toMatchObject({ from: 'b1', to: 'b3', reference: `HR-${id}` });
        expect(
          alerts.some((a) => a.member === null && String(a.detail.nationalId).includes('********')),
        ).toBe(true);
        expect(alerts.some((a) => a.member?.id === goneId)).toBe(false);
      }
      await b1.post('/api/endorsements', { kind: 'transfer_out', member: id, to: 'b3' });
      expect((await hrAlerts(b1, 'b1')).some((a) => a.member?.id === id)).toBe(false);
      expect((await hrAlerts(b3, 'b3')).some((a) => a.member?.id === id)).toBe(false);
    });

    it('the trust list: ETag, 304, public caching, and a JWS that verifies with the root key', async () => {
      const anon = new Client(t.app);
      const res = await anon.get('/.well-known/pmc/trust.json');
      expect(res.status).toBe(200);
      const etag = res.headers.get('etag')!;
      expect(etag).toMatch(/^"[\w-]+"$/);
      expect(res.headers.get('cache-control')).toBe('public, max-age=300');
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      expect(
        (await anon.get('/.well-known/pmc/trust.json', { 'if-none-match': etag })).status,
      ).toBe(304);
      const jws = await anon.get('/.well-known/pmc/trust.jws');
      expect(jws.headers.get('content-type')).toBe('application/jose');
      const list = await verifyTrustList(await jws.text(), rootJwk, t.deps.verifier);
      expect(list.orgs.map((o) => o.id)).toEqual(
        expect.arrayContaining(['root', 'c1', 'b1', 'b3']),
      );
      expect(
        (
          await anon.get('/.well-known/pmc/trust.jws', {
            'if-none-match': jws.headers.get('etag')!,
          })
        ).status,
      ).toBe(304);
      // A new org changes the list, its ETag, and is verifiable at once.
      await admin.post('/api/accounts', {
        kind: 'officer',
        username: 'noop-user',
        displayName: 'x',
        password: 'long enough password',
        roles: [{ org: 'b2', role: 'viewer' }],
      });
      const { addOrg } = await import('../../src/service/orgs.ts');
      await addOrg(t.deps, { id: 'b7', name: '新支部', type: 'branch', parent: 'c1' });
      const again = await anon.get('/.well-known/pmc/trust.json', { 'if-none-match': etag });
      expect(again.status).toBe(200);
      await officer(t.deps, 'b7-sec', [{ org: 'b7', role: 'secretary' }]);
      const b7 = await Client.login(t.app, 'b7-sec');
      const m = await json<{ credential: string }>(
        await b7.post('/api/members', person({ org: 'b7' })),
      );
      expect(
        (
          await b7.post('/api/endorsements', {
            kind: 'temp_out',
            credential: m.credential,
            until: '2026-06-01',
          })
        ).status,
      ).toBe(201);
    });

    it('the audit trail: who, org, what, when, outcome and request id; upper committees read their subtree', async () => {
      const res = await b1.post('/api/members', person());
      const rid = res.headers.get('x-request-id');
      await new Client(t.app, '192.0.2.99').login('b1-sec', 'wrong password');
      await b1.get('/api/orgs/c2/alerts'); // a 403
      const events = (
        await json<{
          events: {
            requestId: string;
            actor: { kind: string; id: string };
            org: string;
            action: string;
            outcome: string;
            target: string;
            at: string;
            status: number;
          }[];
        }>(await c1.get('/api/orgs/c1/audit?limit=500'))
      ).events;
      expect(events.find((e) => e.requestId === rid)).toMatchObject({
        actor: { kind: 'officer' },
        org: 'b1',
        action: 'POST /api/members',
        outcome: 'ok',
        status: 201,
      });
      expect(
        events.some(
          (e) =>
            e.action === 'GET /api/orgs/{id}/alerts' || e.action === 'GET /api/orgs/:id/alerts',
        ),
      ).toBe(true);
      expect(events.find((e) => e.status === 403 && e.action.includes('alerts'))).toMatchObject({
        outcome: 'denied',
      });
      expect(events.some((e) => e.action.startsWith('POST /api/endorsements transfer_out'))).toBe(
        true,
      );
      // Neither a branch nor a sibling committee reads it.
      expect((await b1.get('/api/orgs/b1/audit')).status).toBe(403);
      expect((await c2.get('/api/orgs/c1/audit')).status).toBe(403);
      const all = (
        await json<{ events: { outcome: string; detail: { username?: string } | null }[] }>(
          await admin.get('/api/orgs/root/audit?limit=500'),
        )
      ).events;
      expect(all.some((e) => e.outcome === 'denied' && e.detail?.username === 'b1-sec')).toBe(true);
    });

    it('revealing a national ID is allowed to the member’s officers and audited; the masked form otherwise', async () => {
      const p = person();
      const { id } = await json<{ id: string }>(await b1.post('/api/members', p));
      const masked = await json<{ nationalId: string; nationalIdRevealed: boolean }>(
        await b1.get(`/api/members/${id}`),
      );
      expect(masked.nationalId).toBe(`${p.nationalId.slice(0, 6)}${'*'.repeat(12)}`);
      expect((await b1.get(`/api/members/${id}?reveal=national_id`)).status).toBe(400);
      const res = await b1.post(`/api/members/${id}/national-id`, {});
      expect(await json(res)).toMatchObject({ nationalId: p.nationalId });
      const events = (
        await json<{ events: { requestId: string; action: string }[] }>(
          await c1.get('/api/orgs/c1/audit'),
        )
      ).events;
      expect(events.find((e) => e.requestId === res.headers.get('x-request-id'))?.action).toContain(
        'reveal national_id',
      );
    });

    it('organisations: tree, one, children, search', async () => {
      const tree = await json<{ root: { id: string; children: { id: string }[] } }>(
        await b1.get('/api/orgs'),
      );
      expect(tree.root.id).toBe('root');
      expect(tree.root.children.map((c) => c.id)).toEqual(expect.arrayContaining(['c1', 'c2']));
      expect(await json(await b1.get('/api/orgs/b1'))).toMatchObject({
        id: 'b1',
        parent: 'c1',
        path: [{ id: 'c1' }, { id: 'root' }],
      });
      expect(
        (await json<{ orgs: { id: string }[] }>(await b1.get('/api/orgs/c1/children'))).orgs.map(
          (o) => o.id,
        ),
      ).toEqual(expect.arrayContaining(['b1', 'b2']));
      expect(
        (await json<{ orgs: { id: string }[] }>(await b1.get('/api/orgs/search?q=中学'))).orgs.map(
          (o) => o.id,
        ),
      ).toEqual(['b3']);
      expect((await b1.get('/api/orgs/nowhere')).status).toBe(404);
    });

    it('serves the OpenAPI 3.1 document and a readable reference page; errors are problem+json', async () => {
      const doc = await json<{ openapi: string; paths: Record<string, unknown> }>(
        await new Client(t.app).get('/openapi.json'),
      );
      expect(doc.openapi).toBe('3.1.0');
      expect(Object.keys(doc.paths)).toEqual(
        expect.arrayContaining([
          '/api/endorsements',
          '/api/session',
          '/api/hr/moves',
          '/.well-known/pmc/trust.json',
        ]),
      );
      // The routes that sign or prove from the log name its 503 LOG_INTEGRITY.
      type Op = { get: { responses: Record<string, { description: string }> } };
      for (const path of [
        '/log/checkpoint',
        '/log/proof/inclusion',
        '/log/proof/consistency',
        '/api/members/{id}/bundle',
      ]) {
        const op = doc.paths[path] as Op;
        expect(op.get.responses['503']?.description, path).toContain('LOG_INTEGRITY');
      }
      const page = await new Client(t.app).get('/docs');
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await page.text()).toContain('/api/endorsements');
      const nf = await b1.get('/api/nothing-here');
      expect(nf.status).toBe(404);
      expect(nf.headers.get('content-type')).toBe('application/problem+json');
      const rule = await b1.post('/api/endorsements', {
        kind: 'arrival',
        member: (await json<{ id: string }>(await b1.post('/api/members', person()))).id,
      });
      expect(rule.status).toBe(422);
      expect(await json(rule)).toMatchObject({
        type: 'urn:pmcert:problem:rule-violation',
        reason: 'NOT_IN_TRANSIT',
        title: '没有在途的转出 / No transfer in transit',
      });
    });

    it('a quiet member’s QR is re-signed before it expires', async () => {
      const { id, credential } = await json<{ id: string; credential: string }>(
        await b1.post('/api/members', person()),
      );
      await advance(80);
      const shown = await json<{ credential: string; seq: number }>(
        await b1.get(`/api/members/${id}`),
      );
      expect(shown.credential).not.toBe(credential);
      expect(shown.seq).toBe(1);
      expect(
        (
          await b1.post('/api/endorsements', {
            kind: 'temp_out',
            credential: shown.credential,
            until: '2026-08-01',
          })
        ).status,
      ).toBe(201);
    });

    it('alerts: a member issued a 证明信 who then dies or leaves shows no “证明信逾期未签回”', async () => {
      const ids: string[] = [];
      for (const change of ['deceased', 'left'] as const) {
        const { id } = await json<{ id: string }>(await b1.post('/api/members', person()));
        ids.push(id);
        const until = todayOf(t.deps.now() + 5 * 86_400);
        expect(
          (await b1.post('/api/endorsements', { kind: 'temp_out', member: id, until })).status,
        ).toBe(201);
        const date = todayOf(t.deps.now());
        const closed = await b1.post('/api/endorsements', {
          kind: 'status',
          member: id,
          change,
          date,
        });
        expect(closed.status).toBe(201);
      }
      await advance(30);
      const atB1 = await json<Alerts>(await b1.get('/api/orgs/b1/alerts'));
      expect(atB1.alerts.filter((a) => ids.includes(a.member?.id ?? ''))).toEqual([]);
    });
  });
}
