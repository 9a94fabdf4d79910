import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hrMoves, loginThrottle, members, sessions } from '../../schema/index.ts';
import { createApiToken } from '../../src/service/tokens.ts';
import { DEFAULT_THROTTLE, restSeconds } from '../../src/service/throttle.ts';
import { enroll } from '../../src/service/members.ts';
import type { Store } from '../../src/store/db.ts';
import { seedTree } from '../support/deps.ts';
import { Client, json, officer, PASSWORD, testApp } from '../support/http.ts';
import { person } from '../support/people.ts';
import { openTestStore } from '../support/stores.ts';

type Problem = {
  type: string;
  status: number;
  code: string;
  reason?: string;
  field?: string;
  detail?: string;
  titles: { zh: string; en: string };
  retryAfter?: number;
};

/** Issue 9 (penetration test and independent verifier): each defect's regression test, on a real database. */
export function runHardening(driver: Store['driver']) {
  describe(`HTTP hardening (issue 9) on ${driver}`, () => {
    let store: Store;
    let t: Awaited<ReturnType<typeof testApp>>;
    let b1: Client; // secretary of 支部 b1
    let c1: Client; // secretary of 党委 c1 (over b1, b2)

    beforeAll(async () => {
      store = await openTestStore(driver);
      t = await testApp(store);
      await seedTree(t.deps);
      await officer(t.deps, 'hard-b1', [{ org: 'b1', role: 'secretary' }]);
      await officer(t.deps, 'hard-c1', [{ org: 'c1', role: 'secretary' }]);
      await officer(t.deps, 'hard-root', [{ org: 'root', role: 'viewer' }]);
      b1 = await Client.login(t.app, 'hard-b1');
      c1 = await Client.login(t.app, 'hard-c1');
    });
    afterAll(async () => {
      await store?.close();
    });

    describe('login throttle under concurrency (item 3)', () => {
      const statuses = (rs: Response[]) => {
        const n: Record<number, number> = {};
        for (const r of rs) n[r.status] = (n[r.status] ?? 0) + 1;
        return n;
      };

      it('150 parallel logins to one account from one address check at most 5 passwords, the right one among the last refused', async () => {
        await officer(t.deps, 'target-1', [{ org: 'b1', role: 'viewer' }]);
        const c = new Client(t.app, '198.51.100.150');
        const tries = Array.from({ length: 150 }, (_, i) =>
          c.request('POST', '/api/session', {
            username: 'target-1',
            password: i === 149 ? PASSWORD : `wrong guess ${i}`,
          }),
        );
        const rs = await Promise.all(tries);
        const n = statuses(rs);
        expect((n[401] ?? 0) + (n[201] ?? 0), JSON.stringify(n)).toBeLessThanOrEqual(5);
        expect(n[429], JSON.stringify(n)).toBeGreaterThanOrEqual(145);
        expect(n[500] ?? 0).toBe(0);
        const limited = rs.find((r) => r.status === 429)!;
        expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      });

      it('150 parallel unknown-user logins from one address run at most 20 KDFs', async () => {
        const c = new Client(t.app, '198.51.100.151');
        const rs = await Promise.all(
          Array.from({ length: 150 }, (_, i) =>
            c.request('POST', '/api/session', { username: `ghost-${i}`, password: 'guess guess' }),
          ),
        );
        const n = statuses(rs);
        expect(n[401], JSON.stringify(n)).toBeLessThanOrEqual(20);
        expect((n[401] ?? 0) + (n[429] ?? 0)).toBe(150);
      });

      it('a guesser at one address delays only themselves: the owner logs in from another (progressive delay, no lockout)', async () => {
        await officer(t.deps, 'target-2', [{ org: 'b1', role: 'viewer' }]);
        const guesser = new Client(t.app, '198.51.100.152');
        for (let i = 0; i < 5; i++)
          expect((await guesser.login('target-2', `nope nope ${i}`)).status).toBe(401);
        const first = await guesser.login('target-2', 'nope again');
        expect(first.status).toBe(429);
        const wait1 = Number(first.headers.get('retry-after'));
        t.deps.clock.advanceDays((wait1 + 1) / 86400);
        expect((await guesser.login('target-2', 'nope 6')).status).toBe(401);
        const second = await guesser.login('target-2', 'nope 7');
        expect(Number(second.headers.get('retry-after'))).toBeGreaterThan(wait1); // doubling
        const owner = await new Client(t.app, '198.51.100.153').login('target-2');
        expect(owner.status).toBe(201);
      });

      it('a bound on concurrent password checks: the excess is refused at once with 429 BUSY and Retry-After, and not counted', async () => {
        const small = await testApp(store, {
          throttle: { ...DEFAULT_THROTTLE, kdfRunning: 1, kdfWaiting: 1 },
        });
        const rs = await Promise.all(
          Array.from({ length: 30 }, (_, i) =>
            new Client(small.app, `198.51.100.${160 + i}`).request('POST', '/api/session', {
              username: `busy-${i}`,
              password: `wrong wrong ${i}`,
            }),
          ),
        );
        const busy = rs.filter((r) => r.status === 429);
        // How many overlap depends on the machine; the gate's exact bound is kdf-gate.test.ts's.
        expect(busy.length).toBeGreaterThanOrEqual(1);
        expect(rs.filter((r) => r.status === 401).length).toBeGreaterThanOrEqual(2);
        expect(busy.length + rs.filter((r) => r.status === 401).length).toBe(30);
        for (const r of busy) {
          expect(r.headers.get('retry-after')).toBe('1');
          expect((await json<Problem>(r)).reason).toBe('BUSY');
        }
        // The refused ones gave their attempts back: those addresses have nothing counted.
        const rows = await t.deps.db.select().from(loginThrottle);
        const mine = new Set(rs.map((_, i) => `addr:198.51.100.${160 + i}`));
        const counted = rows.filter((r) => mine.has(r.key) && r.failures > 0);
        expect(counted.length).toBe(rs.length - busy.length);
      });

      it('an account holds at most 10 live sessions (the oldest end), and ended sessions are purged at login', async () => {
        await officer(t.deps, 'many-tabs', [{ org: 'b1', role: 'viewer' }]);
        const cs: Client[] = [];
        for (let i = 0; i < 12; i++) {
          cs.push(await Client.login(t.app, 'many-tabs', PASSWORD, '198.51.100.200'));
          t.deps.clock.advanceDays(1 / 86400);
        }
        const alive = await Promise.all(cs.map(async (c) => (await c.get('/api/me')).status));
        expect(alive).toEqual([401, 401, ...Array(10).fill(200)]);
        t.deps.clock.advanceDays(9 / 24);
        await Client.login(t.app, 'many-tabs', PASSWORD, '198.51.100.200');
        const rows = await t.deps.db.select().from(sessions);
        const now = t.deps.now() * 1000;
        expect(rows.filter((r) => r.expiresAt.getTime() <= now || r.revokedAt)).toEqual([]);
        expect(rows.length).toBeGreaterThan(0);
        b1 = await Client.login(t.app, 'hard-b1');
        c1 = await Client.login(t.app, 'hard-c1');
      });

      it('a login forgets throttle keys at rest past every window and delay, keeping the recent and the locked', async () => {
        const at = (s: number) => new Date((t.deps.now() + s) * 1000);
        const rest = restSeconds(DEFAULT_THROTTLE);
        await t.deps.db.insert(loginThrottle).values([
          { key: 'addr:203.0.113.1', failures: 3, windowStart: at(-rest - 60), lockedUntil: null },
          { key: 'addr:203.0.113.2', failures: 3, windowStart: at(-rest + 60), lockedUntil: null },
          // Counted long ago but locked until a time inside the rest: kept.
          {
            key: 'acct:x|203.0.113.3',
            failures: 9,
            windowStart: at(-rest - 60),
            lockedUntil: at(-60),
          },
        ]);
        expect((await new Client(t.app, '203.0.113.9').login('hard-b1')).status).toBe(201);
        const keys = (await t.deps.db.select().from(loginThrottle)).map((r) => r.key);
        expect(keys).not.toContain('addr:203.0.113.1');
        expect(keys).toContain('addr:203.0.113.2');
        expect(keys).toContain('acct:x|203.0.113.3');
        b1 = await Client.login(t.app, 'hard-b1');
      });
    });

    describe('the masked national ID (item 2)', () => {
      it('without member:national_id, neither the ID nor the digits that rebuild it with the birth date: viewer, member:read token, HR move, alert', async () => {
        const p = person({ org: 'b1', name: '遮蔽测试' });
        const { id } = await enroll(t.deps, p, { org: 'b1', officer: 'x' });
        await officer(t.deps, 'viewer-b1', [{ org: 'b1', role: 'viewer' }]);
        const viewer = await Client.login(t.app, 'viewer-b1');
        const { token } = await createApiToken(
          t.deps,
          { org: 'b1', name: 'reader', abilities: ['member:read', 'hr:moves'] },
          'test',
        );
        const reader = Client.withToken(t.app, token);
        const hidden = p.nationalId.slice(6); // birth date, sequence, check
        for (const [who, c] of [
          ['viewer', viewer],
          ['token', reader],
        ] as const) {
          const res = await c.get(`/api/members/${id}`);
          expect(res.status, who).toBe(200);
          const body = await json<{ nationalId: string; birthDate: string }>(res);
          expect(body.birthDate).toBe(p.birth);
          expect(body.nationalId, who).toBe(`${p.nationalId.slice(0, 6)}${'*'.repeat(12)}`);
          // The birth date plus the mask leaves the sequence and check unknown.
          expect(body.nationalId.slice(14)).toBe('****');
          const text = JSON.stringify(body);
          expect(text).not.toContain(p.nationalId);
          expect(text).not.toContain(p.nationalId.slice(14));
          expect((await c.post(`/api/members/${id}/national-id`, {})).status, who).toBe(403);
        }
        const move = await reader.post('/api/hr/moves', {
          nationalId: p.nationalId,
          from: 'b1',
          to: 'b2',
          date: '2026-01-02',
        });
        expect(move.status).toBe(201);
        expect(await move.text()).not.toContain(hidden.slice(8));
        t.deps.clock.advanceDays(40);
        const later = await Client.login(t.app, 'viewer-b1');
        const res = await later.get('/api/orgs/b1/alerts');
        expect(res.status).toBe(200);
        const alerts = await res.text();
        expect(alerts).toContain('遮蔽测试');
        expect(alerts).not.toContain(hidden.slice(8));
        t.deps.clock.advanceDays(-40);
        // (the logins 40 days on purged the sessions idle since: log in again)
        b1 = await Client.login(t.app, 'hard-b1');
        c1 = await Client.login(t.app, 'hard-c1');
        // The secretary may reveal it, and that is a POST with the CSRF token (item 9).
        const forged = await b1.request(
          'POST',
          `/api/members/${id}/national-id`,
          {},
          {
            'x-csrf-token': '',
          },
        );
        expect(forged.status).toBe(403);
        expect(await forged.text()).not.toContain(p.nationalId);
        expect((await b1.get(`/api/members/${id}?reveal=national_id`)).status).toBe(400);
        const revealed = await json<{ nationalId: string }>(
          await b1.post(`/api/members/${id}/national-id`, {}),
        );
        expect(revealed.nationalId).toBe(p.nationalId);
      });
    });

    describe('an HR token reaches no further than its org (item 5)', () => {
      it('a move for another subtree’s member is refused, names nothing, stores nothing, and plants no alert', async () => {
        const other = person({ org: 'b2', name: '外单位党员' });
        const { id: otherId } = await enroll(t.deps, other, { org: 'b2', officer: 'x' });
        const mine = person({ org: 'b1', name: '本单位党员' });
        const { id: mineId } = await enroll(t.deps, mine, { org: 'b1', officer: 'x' });
        const { token } = await createApiToken(
          t.deps,
          { org: 'b1', name: 'hr-b1', abilities: ['hr:moves'] },
          'test',
        );
        const hr = Client.withToken(t.app, token);
        const before = (await t.deps.db.select().from(hrMoves)).length;
        for (const [from, to] of [
          ['b1', 'b3'],
          ['b3', 'b1'],
          ['b1', 'b2'],
        ]) {
          const res = await hr.post('/api/hr/moves', {
            nationalId: other.nationalId,
            from,
            to,
            date: '2026-01-05',
            reference: `plant-${from}-${to}`,
          });
          expect(res.status, `${from}→${to}`).toBe(403);
          const text = await res.text();
          expect(text).not.toContain(otherId);
          expect(text).not.toContain('外单位党员');
        }
        expect((await t.deps.db.select().from(hrMoves)).length).toBe(before);
        t.deps.clock.advanceDays(40);
        const root = await Client.login(t.app, 'hard-root');
        for (const org of ['b1', 'b2', 'b3', 'c1']) {
          const res = await root.get(`/api/orgs/${org}/alerts`);
          expect(res.status).toBe(200);
          const text = await res.text();
          expect(text, org).not.toContain('plant-');
        }
        t.deps.clock.advanceDays(-40);
        // (the logins 40 days on purged the sessions idle since: log in again)
        b1 = await Client.login(t.app, 'hard-b1');
        c1 = await Client.login(t.app, 'hard-c1');
        // Its own member: recorded, with the member.
        const ok = await hr.post('/api/hr/moves', {
          nationalId: mine.nationalId,
          from: 'b1',
          to: 'b3',
          date: '2026-01-05',
        });
        expect(ok.status).toBe(201);
        expect((await json<{ member: { id: string } }>(ok)).member.id).toBe(mineId);
      });
    });

    describe('QR PNG (item 8)', () => {
      it('the scale is bounded, a repeat is served from the cache, and a new credential is never served stale', async () => {
        const { id } = await enroll(t.deps, person({ org: 'b1' }), { org: 'b1', officer: 'x' });
        expect((await b1.get(`/api/members/${id}/qr.png?scale=20`)).status).toBe(400);
        const first = await b1.get(`/api/members/${id}/qr.png?scale=10`);
        expect(first.status).toBe(200);
        const a = new Uint8Array(await first.arrayBuffer());
        const b = new Uint8Array(
          await (await b1.get(`/api/members/${id}/qr.png?scale=10`)).arrayBuffer(),
        );
        expect(b).toEqual(a);
        expect(
          (
            await b1.post('/api/endorsements', {
              kind: 'temp_out',
              member: id,
              until: '2026-05-01',
            })
          ).status,
        ).toBe(201);
        const c = new Uint8Array(
          await (await b1.get(`/api/members/${id}/qr.png?scale=10`)).arrayBuffer(),
        );
        expect(c).not.toEqual(a);
      });
    });

    describe('enrolment is not an oracle (item 4)', () => {
      it('enrolling a national ID enrolled elsewhere is refused without naming the member', async () => {
        const p = person({ org: 'b2', name: '隔壁的人' });
        const { id } = await enroll(t.deps, p, { org: 'b2', officer: 'setup' });
        const res = await b1.post('/api/members', { ...p, org: 'b1' });
        expect(res.status).toBe(422);
        const text = await res.text();
        expect(text).not.toContain(id);
        expect(text).not.toContain('隔壁的人');
        expect(JSON.parse(text).detail).not.toMatch(/b2/);
        expect(JSON.parse(text)).toMatchObject({
          field: 'nationalId',
          reason: 'ALREADY_ENROLLED',
        });
      });
    });

    describe('logout as a browser’s fetch sends it (item 6)', () => {
      it('DELETE /api/session and DELETE /api/tokens/{id} without a body answer 204 over real HTTP, and the session and token are dead', async () => {
        const server = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' });
        await new Promise((r) => server.once('listening', r));
        const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
        try {
          const c = await Client.login(t.app, 'hard-c1');
          const tok = await json<{ id: string; token: string }>(
            await c.post('/api/tokens', { org: 'c1', name: 'hr', abilities: ['hr:moves'] }),
          );
          const headers = { cookie: c.cookie!, 'x-csrf-token': c.csrf! };
          const revoked = await fetch(`${base}/api/tokens/${tok.id}`, {
            method: 'DELETE',
            headers,
          });
          expect(revoked.status, await revoked.clone().text()).toBe(204);
          const out = await fetch(`${base}/api/session`, { method: 'DELETE', headers });
          expect(out.status, await out.clone().text()).toBe(204);
          expect((await c.get('/api/me')).status).toBe(401);
          expect((await Client.withToken(t.app, tok.token).get('/api/me')).status).toBe(401);
          // A body that is there must still be JSON.
          const d = await Client.login(t.app, 'hard-c1');
          const form = await fetch(`${base}/api/session`, {
            method: 'DELETE',
            headers: { cookie: d.cookie!, 'x-csrf-token': d.csrf!, 'content-type': 'text/plain' },
            body: 'x',
          });
          expect(form.status).toBe(415);
          expect((await d.get('/api/me')).status).toBe(200);
        } finally {
          await new Promise((r) => server.close(r));
        }
      });
    });

    describe('names and free text (item 9)', () => {
      const BAD = [
        ['bidi override', '张\u202e三'],
        ['bidi isolate', '张\u2066三'],
        ['zero-width space', '张\u200b三'],
        ['zero-width joiner', '张\u200d三'],
        ['escape', '张\u001b[31m三'],
        ['newline', '张\n三'],
        ['line separator', '张\u2028三'],
        ['byte order mark inside', '张\ufeff三'],
      ] as const;

      it('refuses control, format and bidi characters in names, reasons, places, token and account names, and stores nothing', async () => {
        const id = (await enroll(t.deps, person({ org: 'b1' }), { org: 'b1', officer: 'x' })).id;
        const before = (await t.deps.db.select().from(members)).length;
        for (const [what, s] of BAD) {
          const enr = await b1.post('/api/members', person({ org: 'b1', name: s }));
          expect(enr.status, what).toBeGreaterThanOrEqual(400);
          expect(enr.status, what).toBeLessThan(500);
          expect((await json<Problem>(enr)).field, what).toBe('name');
          for (const body of [
            { kind: 'temp_out', member: id, until: '2026-05-01', to: s },
            { kind: 'temp_out', member: id, until: '2026-05-01', reason: s },
            { kind: 'correction', member: id, refers: 1, reason: '改名', amend: { name: s } },
          ]) {
            const res = await b1.post('/api/endorsements', body);
            expect(res.status, `${what} ${JSON.stringify(body)}`).toBe(422);
          }
          expect(
            (await b1.post('/api/tokens', { org: 'b1', name: s, abilities: ['hr:moves'] })).status,
            what,
          ).toBeGreaterThanOrEqual(400);
          const acct = await b1.post('/api/accounts', {
            kind: 'officer',
            username: 'text-check',
            displayName: s,
            password: 'long enough password',
            roles: [{ org: 'b1', role: 'viewer' }],
          });
          expect(acct.status, what).toBeGreaterThanOrEqual(400);
          expect((await json<Problem>(acct)).field, what).toBe('displayName');
        }
        expect((await t.deps.db.select().from(members)).length).toBe(before);
        // Chinese, Latin with accents, the middle dot of minority names all pass.
        for (const name of ['阿依古丽·买买提', 'José Müller', '欧阳娜娜'])
          expect((await b1.post('/api/members', person({ org: 'b1', name }))).status, name).toBe(
            201,
          );
      });

      it('the password policy refuses short, repetitive, common passwords and ones holding the user name, with a reason in both languages', async () => {
        const cases: [string, string][] = [
          ['short1!', 'PASSWORD_TOO_SHORT'],
          ['aaaaaaaaaa', 'PASSWORD_REPETITIVE'],
          ['abcabcabcabc', 'PASSWORD_REPETITIVE'],
          ['1234567890', 'PASSWORD_REPETITIVE'],
          ['qwertyuiop', 'PASSWORD_REPETITIVE'],
          ['password123', 'PASSWORD_COMMON'],
          ['Password2024!', 'PASSWORD_COMMON'],
          ['woaini1314', 'PASSWORD_COMMON'],
          ['wang.xiaoming', 'PASSWORD_HAS_USERNAME'],
          ['my-wang.xiaoming-pass', 'PASSWORD_HAS_USERNAME'],
          ['xiaoming is great', 'PASSWORD_HAS_USERNAME'],
        ];
        for (const [password, reason] of cases) {
          const res = await b1.post('/api/accounts', {
            kind: 'officer',
            username: 'wang.xiaoming',
            displayName: '王小明',
            password,
            roles: [{ org: 'b1', role: 'viewer' }],
          });
          expect(res.status, password).toBe(422);
          const p = await json<Problem>(res);
          expect(p, password).toMatchObject({ field: 'password', reason });
          expect(p.titles.zh, password).toMatch(/[\u4e00-\u9fff]/);
        }
        const ok = await b1.post('/api/accounts', {
          kind: 'officer',
          username: 'wang.xiaoming',
          displayName: '王小明',
          password: 'blue tea kettle on the hill',
          roles: [{ org: 'b1', role: 'viewer' }],
        });
        expect(ok.status).toBe(201);
      });

      it('two roles at one org are refused naming the role, not as a taken user name', async () => {
        const res = await c1.post('/api/accounts', {
          kind: 'officer',
          username: 'two-hats',
          displayName: '两顶帽子',
          password: 'blue tea kettle on the hill',
          roles: [
            { org: 'b1', role: 'viewer' },
            { org: 'b1', role: 'clerk' },
          ],
        });
        expect(res.status).toBe(422);
        const p = await json<Problem>(res);
        expect(p.field).toBe('roles.1.org');
        expect(p.detail ?? '').not.toMatch(/taken/);
      });
    });
  });
}
