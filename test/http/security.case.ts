import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts, auditEvents, ledgerEntries, members, sessions } from '../../schema/index.ts';
import { createApiToken } from '../../src/service/tokens.ts';
import { endorse } from '../../src/service/endorse.ts';
import { enroll, loadMember } from '../../src/service/members.ts';
import type { Store } from '../../src/store/db.ts';
import { listEntries } from '../../src/store/queries.ts';
import { seedTree } from '../support/deps.ts';
import { Client, json, memberAccount, officer, PASSWORD, testApp } from '../support/http.ts';
import { person } from '../support/people.ts';
import { openTestStore } from '../support/stores.ts';

type Problem = {
  type: string;
  title: string;
  status: number;
  code: string;
  reason?: string;
  field?: string;
  titles: { zh: string; en: string };
  retryAfter?: number;
  current?: { seq: number; credential: string };
};

/** Security properties of the HTTP API, on a real database. */
export function runSecurity(driver: Store['driver']) {
  describe(`HTTP security on ${driver}`, () => {
    let store: Store;
    let t: Awaited<ReturnType<typeof testApp>>;
    let b1: Client; // secretary of 支部 b1
    let b2member: string;
    let self: string;
    const enrolled = async (org: string, over = {}) =>
      (await enroll(t.deps, person({ org, ...over }), { org, officer: 'setup' })).id;

    beforeAll(async () => {
      store = await openTestStore(driver);
      t = await testApp(store);
      await seedTree(t.deps);
      await officer(t.deps, 'sec-b1', [{ org: 'b1', role: 'secretary' }]);
      await officer(t.deps, 'sec-b1-again', [{ org: 'b1', role: 'secretary' }]);
      await officer(t.deps, 'victim', [{ org: 'b2', role: 'viewer' }]);
      self = await enrolled('b1', { name: '本人' });
      b2member = await enrolled('b2', { name: '隔壁支部党员' });
      await memberAccount(t.deps, 'member-self', self);
      b1 = await Client.login(t.app, 'sec-b1');
    });
    afterAll(async () => {
      await store?.close();
    });

    describe('a stranger cannot make itself host and rewrite a member (issue 9 item 1)', () => {
      it('a 流动党员 registration needs the member’s org or their credential; amend needs their org; audit goes to both', async () => {
        const id = await enrolled('b2', { name: '外支部党员' });
        const register = { kind: 'flow_register', action: 'register', host: 'b1' };
        expect((await b1.post('/api/endorsements', { ...register, member: id })).status).toBe(403);
        const { row } = await loadMember(t.deps, id);
        expect(row.seq).toBe(1);
        // The member presents their QR at b1: b1 may register them as host.
        const presented = await b1.post('/api/endorsements', {
          ...register,
          credential: row.credential,
        });
        expect(presented.status).toBe(201);
        const amend = { kind: 'correction', member: id, refers: 2, reason: '改名' };
        const refused = await b1.post('/api/endorsements', { ...amend, amend: { name: '李建国' } });
        expect(refused.status).toBe(403);
        expect((await loadMember(t.deps, id)).state.name).toBe('外支部党员');
        const rows = await t.deps.db.select().from(auditEvents);
        const filed = rows.filter((r) => r.target === id && r.action.includes('flow_register'));
        expect(new Set(filed.map((r) => r.orgId))).toEqual(new Set(['b1', 'b2']));
      });
    });

    describe('a host org sees only what hosting needs (issue 9 item 1)', () => {
      it('the host reads name, category, home org, status and its registration; not birth date, ID, history, credential, bundle, QR, page or the home org’s audit', async () => {
        await officer(t.deps, 'host-b3', [{ org: 'b3', role: 'secretary' }]);
        await officer(t.deps, 'host-c2', [{ org: 'c2', role: 'secretary' }]);
        await officer(t.deps, 'home-b2', [{ org: 'b2', role: 'secretary' }]);
        const b3 = await Client.login(t.app, 'host-b3');
        const c2 = await Client.login(t.app, 'host-c2');
        const b2 = await Client.login(t.app, 'home-b2');
        const id = await enrolled('b2', { name: '流动党员甲' });
        const { row } = await loadMember(t.deps, id);
        const reg = await b3.post('/api/endorsements', {
          kind: 'flow_register',
          action: 'register',
          host: 'b3',
          credential: row.credential,
        });
        expect(reg.status).toBe(201);
        for (const host of [b3, c2]) {
          const seen = await host.get(`/api/members/${id}`);
          expect(seen.status).toBe(200);
          const body = await json(seen);
          expect(body).toEqual({
            id,
            name: '流动党员甲',
            gender: row.gender,
            category: row.category,
            org: 'b2',
            status: 'normal',
            flows: [expect.objectContaining({ host: 'b3', seq: 2 })],
            hosted: true,
          });
          const text = JSON.stringify(body);
          expect(text).not.toContain(row.birthDate);
          expect(text).not.toContain(row.nationalIdMasked.slice(0, 6));
          for (const path of ['bundle', 'qr.png', 'qr.svg'])
            expect((await host.get(`/api/members/${id}/${path}`)).status, path).toBe(403);
          expect((await host.post(`/api/members/${id}/national-id`, {})).status).toBe(403);
          expect((await host.get(`/members/${id}`)).status).toBe(403);
        }
        // The home org's own later steps are in the home org's trail, not the host's.
        const fix = await b2.post('/api/endorsements', {
          kind: 'correction',
          member: id,
          refers: 1,
          reason: '姓名录入错误',
          amend: { name: '流动党员乙' },
        });
        expect(fix.status).toBe(201);
        const trail = await c2.get('/api/orgs/c2/audit');
        expect(trail.status).toBe(200);
        const { events } = await json<{ events: { target: string | null; action: string }[] }>(
          trail,
        );
        const about = events.filter((e) => e.target === id);
        expect(about.length).toBeGreaterThan(0); // its own registration
        expect(about.every((e) => e.action.includes('flow_register'))).toBe(true);
        // The home org still reads everything.
        const full = await json(await b2.get(`/api/members/${id}`));
        expect(full).toMatchObject({ id, birthDate: row.birthDate, name: '流动党员乙' });
        expect((await b2.get(`/api/members/${id}/bundle`)).status).toBe(200);
      });
    });

    describe('IDOR: reading another member’s record by id', () => {
      it('a member reads only their own record, bundle and QR', async () => {
        const m = await Client.login(t.app, 'member-self');
        expect((await m.get(`/api/members/${self}`)).status).toBe(200);
        for (const path of [
          `/api/members/${b2member}`,
          `/api/members/${b2member}/bundle`,
          `/api/members/${b2member}/qr.svg`,
          `/api/members/${b2member}/qr.png`,
          `/api/members/nonexistent1`,
        ]) {
          const res = await m.get(path);
          expect(res.status, path).toBe(403);
          expect(await res.text()).not.toContain('隔壁支部党员');
        }
      });

      it('an officer reads nothing outside their subtree, nor searches it', async () => {
        const res = await b1.get(`/api/members/${b2member}`);
        expect(res.status).toBe(403);
        expect(await res.text()).not.toContain('隔壁支部党员');
        expect((await b1.get(`/api/members?org=b2`)).status).toBe(403);
        const found = await json<{ members: { id: string }[] }>(
          await b1.get('/api/members?q=隔壁'),
        );
        expect(found.members).toEqual([]);
      });
    });

    describe('endorsing for a sibling org', () => {
      it('is refused whatever org the officer names, and the ledger is untouched', async () => {
        const before = (await listEntries(t.deps.db, b2member)).length;
        for (const as of [undefined, 'b2', 'c1', 'root']) {
          const res = await b1.post('/api/endorsements', {
            kind: 'transfer_out',
            member: b2member,
            to: 'b3',
            ...(as ? { as } : {}),
          });
          expect(res.status, `as ${as}`).toBe(403);
          expect((await json<Problem>(res)).code).toBe('NOT_AUTHORISED');
        }
        expect((await listEntries(t.deps.db, b2member)).length).toBe(before);
      });

      it('a 支部 cannot sign a transfer for a 支部 below another, and a 党总支 without 审批权 signs as the member’s own org', async () => {
        const { addOrg } = await import('../../src/service/orgs.ts');
        await addOrg(t.deps, { id: 'gb1', name: '某党总支', type: 'general_branch', parent: 'c2' });
        await addOrg(t.deps, {
          id: 'gb1-a',
          name: '某党总支第一支部',
          type: 'branch',
          parent: 'gb1',
        });
        await officer(t.deps, 'sec-gb1', [{ org: 'gb1', role: 'secretary' }]);
        const gb = await Client.login(t.app, 'sec-gb1');
        const id = await enrolled('gb1-a');
        expect(
          (
            await gb.post('/api/endorsements', {
              kind: 'transfer_out',
              member: id,
              to: 'b3',
              as: 'gb1',
            })
          ).status,
        ).toBe(403);
        const res = await gb.post('/api/endorsements', {
          kind: 'transfer_out',
          member: id,
          to: 'b3',
        });
        expect(res.status).toBe(201);
        expect((await json(res)).as).toBe('gb1-a');
      });
    });

    describe('sessions', () => {
      it('a forged or tampered cookie is refused (401) and audited', async () => {
        const forged = new Client(t.app);
        forged.cookie = `__Host-pmc_session=${'A'.repeat(43)}`;
        const r1 = await forged.get('/api/me');
        expect(r1.status).toBe(401);
        expect((await json<Problem>(r1)).reason).toBe('SESSION_INVALID');
        const tampered = new Client(t.app);
        tampered.cookie = b1.cookie!.slice(0, -1) + (b1.cookie!.endsWith('A') ? 'B' : 'A');
        expect((await tampered.get('/api/me')).status).toBe(401);
        const rid = r1.headers.get('x-request-id')!;
        const rows = await t.deps.db.select().from(auditEvents);
        expect(rows.find((r) => r.requestId === rid)).toMatchObject({
          outcome: 'denied',
          status: 401,
          actorKind: 'anonymous',
        });
      });

      it('expires after the idle time and after the absolute lifetime', async () => {
        const c = await Client.login(t.app, 'sec-b1-again');
        t.deps.clock.advanceDays(29 / 1440); // 29 min: still fine, and touched
        expect((await c.get('/api/me')).status).toBe(200);
        t.deps.clock.advanceDays(31 / 1440);
        const res = await c.get('/api/me');
        expect(res.status).toBe(401);
        expect((await json<Problem>(res)).reason).toBe('SESSION_EXPIRED');
        const d = await Client.login(t.app, 'sec-b1-again');
        for (let i = 0; i < 17; i++) {
          t.deps.clock.advanceDays(29 / 1440);
          await d.get('/api/me');
        }
        expect((await d.get('/api/me')).status).toBe(401); // 8 h 13 min after login
        b1 = await Client.login(t.app, 'sec-b1');
      });

      it('the cookie is HttpOnly, Secure, SameSite=Lax; login rotates it and logout revokes it server-side', async () => {
        const c = new Client(t.app);
        const res = await c.login('sec-b1-again');
        const cookie = res.headers.get('set-cookie')!;
        expect(cookie).toMatch(/^__Host-pmc_session=/);
        expect(cookie).toMatch(/HttpOnly/);
        expect(cookie).toMatch(/Secure/);
        expect(cookie).toMatch(/SameSite=Lax/);
        const first = c.cookie!;
        await c.login('sec-b1-again');
        expect(c.cookie).not.toBe(first);
        const old = new Client(t.app);
        old.cookie = first;
        expect((await old.get('/api/me')).status).toBe(401);
        const copy = new Client(t.app);
        copy.cookie = c.cookie;
        expect((await c.delete('/api/session')).status).toBe(204);
        expect((await copy.get('/api/me')).status).toBe(401);
        const stored = await t.deps.db.select().from(sessions);
        expect(JSON.stringify(stored)).not.toContain(first.split('=')[1]);
      });

      it('passwords are stored as PBKDF2 hashes', async () => {
        const rows = await t.deps.db.select().from(accounts);
        for (const r of rows) {
          expect(r.passwordHash).toMatch(/^pbkdf2-sha256\$100000\$/);
          expect(r.passwordHash).not.toContain(PASSWORD);
        }
      });
    });

    describe('CSRF', () => {
      it('a cookie-authenticated state change without the CSRF token, or with another session’s, is refused and changes nothing', async () => {
        const other = await Client.login(t.app, 'sec-b1-again');
        const before = (await t.deps.db.select().from(members)).length;
        const body = person();
        const none = await b1.request('POST', '/api/members', body, { 'x-csrf-token': '' });
        expect(none.status).toBe(403);
        expect(await json<Problem>(none)).toMatchObject({ reason: 'CSRF', field: 'X-CSRF-Token' });
        expect(
          (await b1.request('POST', '/api/members', body, { 'x-csrf-token': other.csrf! })).status,
        ).toBe(403);
        expect(
          (await b1.request('DELETE', '/api/session', undefined, { 'x-csrf-token': 'nope' }))
            .status,
        ).toBe(403);
        expect((await t.deps.db.select().from(members)).length).toBe(before);
        expect((await b1.post('/api/members', body)).status).toBe(201);
      });

      it('a state change from another origin is refused even with the token', async () => {
        const res = await b1.request('POST', '/api/members', person(), {
          origin: 'https://evil.example',
        });
        expect(res.status).toBe(403);
        expect((await json<Problem>(res)).reason).toBe('ORIGIN');
        expect(
          (await b1.request('POST', '/api/members', person(), { origin: 'https://pmc.example.cn' }))
            .status,
        ).toBe(201);
      });
    });

    describe('login rate limits', () => {
      it('locks an account after 5 failures with “try again in N s”, even for the right password, until the time has passed', async () => {
        await officer(t.deps, 'slow-typist', [{ org: 'b1', role: 'viewer' }]);
        const c = new Client(t.app, '198.51.100.7');
        for (let i = 0; i < 5; i++)
          expect((await c.login('slow-typist', 'wrong password!')).status).toBe(401);
        const locked = await c.login('slow-typist');
        expect(locked.status).toBe(429);
        const p = await json<Problem>(locked);
        expect(p.retryAfter).toBeGreaterThan(0);
        expect(locked.headers.get('retry-after')).toBe(String(p.retryAfter));
        expect(p.title).toContain('/');
        expect(p.titles.zh).toMatch(/[\u4e00-\u9fff]/);
        expect(p.type).toBe('urn:pmcert:problem:rate-limited');
        t.deps.clock.advanceDays((p.retryAfter! + 1) / 86400);
        expect((await c.login('slow-typist')).status).toBe(201);
      });

      it('locks an address that sprays many accounts, not other addresses', async () => {
        const sprayer = new Client(t.app, '203.0.113.66');
        for (let i = 0; i < 20; i++)
          expect((await sprayer.login(`nobody-${i}`, 'guess guess')).status).toBe(401);
        expect((await sprayer.login('sec-b1')).status).toBe(429);
        expect((await new Client(t.app, '203.0.113.67').login('sec-b1-again')).status).toBe(201);
        t.deps.clock.advanceDays(11 / 1440);
        b1 = await Client.login(t.app, 'sec-b1');
      });

      it('an unknown user name and a wrong password give the same answer', async () => {
        const a = await json<Problem>(
          await new Client(t.app, '192.0.2.50').login('sec-b1', 'not the password'),
        );
        const b = await json<Problem>(
          await new Client(t.app, '192.0.2.51').login('no-such-user', 'not the password'),
        );
        expect({ ...a, requestId: '' }).toEqual({ ...b, requestId: '' });
      });
    });

    describe('input', () => {
      const INJECTIONS = [
        `Robert'); DROP TABLE members;--`,
        `' OR '1'='1`,
        `"; SELECT pg_sleep(5); --`,
        `%_\\%' UNION SELECT national_id_sealed FROM members --`,
        `$1::text`,
      ];

      it('stores SQL-injection strings in every text field verbatim and returns them unchanged', async () => {
        await officer(t.deps, 'sec-c1', [{ org: 'c1', role: 'secretary' }]);
        const c1 = await Client.login(t.app, 'sec-c1');
        for (const [i, s] of INJECTIONS.entries()) {
          const name = s.slice(0, 50);
          const enr = await c1.post(
            '/api/members',
            person({ org: 'b1', name, ethnicity: s.slice(0, 20) }),
          );
          expect(enr.status, s).toBe(201);
          const { id } = await json<{ id: string }>(enr);
          const shown = await json<{ name: string; ethnicity: string }>(
            await c1.get(`/api/members/${id}`),
          );
          expect(shown).toMatchObject({ name: name.trim(), ethnicity: s.slice(0, 20).trim() });
          const found = await json<{ members: { id: string }[] }>(
            await c1.get(`/api/members?q=${encodeURIComponent(name)}`),
          );
          expect(found.members.map((m) => m.id)).toContain(id);
          const temp = await c1.post('/api/endorsements', {
            kind: 'temp_out',
            member: id,
            until: '2026-05-01',
            to: s,
            reason: s,
          });
          expect(temp.status).toBe(201);
          const back = await c1.post('/api/endorsements', { kind: 'temp_return', member: id });
          expect(back.status).toBe(201);
          const out = await c1.post('/api/endorsements', {
            kind: 'transfer_out',
            member: id,
            to: 'b2',
            reason: s,
          });
          const ret = await c1.post('/api/endorsements', {
            kind: 'transfer_return',
            member: id,
            reason: s,
          });
          const corr = await c1.post('/api/endorsements', {
            kind: 'correction',
            member: id,
            refers: 1,
            reason: s,
            amend: { name },
          });
          const st = await c1.post('/api/endorsements', {
            kind: 'status',
            member: id,
            change: 'left',
            date: '2026-02-01',
            reason: s,
          });
          expect([out.status, ret.status, corr.status, st.status]).toEqual([201, 201, 201, 201]);
          const ledger = await json<{ entries: { kind: string; dat: Record<string, unknown> }[] }>(
            await c1.get(`/api/members/${id}`),
          );
          expect(ledger.entries.find((e) => e.kind === 'temp_out')!.dat).toMatchObject({
            to: s.trim(),
            reason: s.trim(),
          });
          for (const k of ['transfer_out', 'transfer_return', 'correction', 'status'])
            expect(ledger.entries.find((e) => e.kind === k)!.dat.reason).toBe(s.trim());
          const tok = await json<{ name: string; token: string }>(
            await c1.post('/api/tokens', { org: 'c1', name: s, abilities: ['hr:moves'] }),
          );
          expect(tok.name).toBe(s.trim());
          const acct = await c1.post('/api/accounts', {
            kind: 'officer',
            username: `inj-${i}`,
            displayName: name,
            password: 'long enough password',
            roles: [{ org: 'b1', role: 'viewer' }],
          });
          expect(acct.status).toBe(201);
          const hr = Client.withToken(t.app, tok.token);
          const move = await hr.post('/api/hr/moves', {
            nationalId: person().nationalId,
            name,
            from: 'b1',
            to: 'b3',
            date: '2026-02-01',
            reference: s,
          });
          expect(await json(move)).toMatchObject({
            move: { name: name.trim(), reference: s.trim() },
          });
          const orgs = await c1.get(`/api/orgs/search?q=${encodeURIComponent(s)}`);
          expect(orgs.status).toBe(200);
        }
        // Every table is still there and whole.
        expect((await t.deps.db.select().from(members)).length).toBeGreaterThan(INJECTIONS.length);
        expect((await t.deps.db.select().from(ledgerEntries)).length).toBeGreaterThan(
          INJECTIONS.length * 6,
        );
      });

      it('oversized bodies are refused with 413, with or without Content-Length', async () => {
        const big = JSON.stringify({ ...person(), name: 'x'.repeat(70 * 1024) });
        const res = await b1.request('POST', '/api/members', big);
        expect(res.status).toBe(413);
        expect(res.headers.get('content-type')).toBe('application/problem+json');
        const chunks = new ReadableStream({
          start(ctl) {
            for (let i = 0; i < 80; i++) ctl.enqueue(new TextEncoder().encode('x'.repeat(1024)));
            ctl.close();
          },
        });
        const streamed = await t.app.request('/api/members', {
          method: 'POST',
          body: chunks,
          headers: {
            cookie: b1.cookie!,
            'x-csrf-token': b1.csrf!,
            'content-type': 'application/json',
          },
          duplex: 'half',
        } as RequestInit);
        expect(streamed.status).toBe(413);
      });

      it('malformed JSON is a 400 problem naming the body, never a 500', async () => {
        for (const body of [
          '{bad json',
          '{"kind": "transfer_out",',
          '',
          'null',
          '[]',
          '"a string"',
          '{"member": {"$gt": ""}}',
        ]) {
          const res = await b1.request('POST', '/api/endorsements', body, {
            'content-type': 'application/json',
          });
          expect(res.status, body).toBe(400);
          const p = await json<Problem>(res);
          expect(p.type).toBe('urn:pmcert:problem:invalid-input');
          expect(p.field).toBeTruthy();
        }
        expect(
          (
            await b1.request('POST', '/api/members', 'name=x', {
              'content-type': 'application/x-www-form-urlencoded',
            })
          ).status,
        ).toBe(415);
        expect(
          (
            await b1.request(
              'POST',
              '/api/members',
              JSON.stringify({ ...person(), name: 'a\u0000b' }),
            )
          ).status,
        ).toBe(400);
        expect(t.errors).toEqual([]);
      });

      it('a wrong shape names the failing field path', async () => {
        const res = await b1.post('/api/accounts', {
          kind: 'officer',
          username: 'x-y-z',
          displayName: 'x',
          password: 'long enough password',
          roles: [{ org: 'b1', role: 'boss' }],
        });
        expect(res.status).toBe(400);
        expect(await json<Problem>(res)).toMatchObject({
          field: 'roles.0.role',
          reason: 'BAD_REQUEST',
        });
        const r2 = await b1.post('/api/endorsements', {
          kind: 'transfer_out',
          member: self,
          to: 'b2',
          validDays: 'thirty',
        });
        expect(await json<Problem>(r2)).toMatchObject({ status: 400, field: 'validDays' });
        const r3 = await b1.post('/api/endorsements', { kind: 'teleport', member: self });
        expect(await json<Problem>(r3)).toMatchObject({ status: 400, field: 'kind' });
      });
    });

    describe('idempotency', () => {
      it('a replayed key with the same body returns the first entry; with a different body it is rejected', async () => {
        const id = await enrolled('b1');
        const body = { kind: 'transfer_out', member: id, to: 'b2', reason: '调动' };
        const key = { 'idempotency-key': `retry-${id}` };
        const first = await b1.post('/api/endorsements', body, key);
        expect(first.status).toBe(201);
        const again = await b1.post('/api/endorsements', body, key);
        expect(again.status).toBe(200);
        expect((await json(again)).hash).toBe((await json(first)).hash);
        const other = await b1.post('/api/endorsements', { ...body, to: 'b3' }, key);
        expect(other.status).toBe(422);
        expect((await json<Problem>(other)).code).toBe('IDEMPOTENCY_MISMATCH');
        expect((await listEntries(t.deps.db, id)).length).toBe(2);
      });
    });

    describe('scanned credentials', () => {
      it('a stale QR gets 409 with the current credential; a forged one is refused; one from outside the subtree is 403', async () => {
        const { id, credential } = await enroll(t.deps, person({ org: 'b1' }), {
          org: 'b1',
          officer: 'x',
        });
        await endorse(t.deps, {
          memberId: id,
          intent: { kind: 'temp_out', until: '2026-05-01' },
          actor: { org: 'b1', officer: 'x' },
        });
        const stale = await b1.post('/api/endorsements', { kind: 'temp_return', credential });
        expect(stale.status).toBe(409);
        const p = await json<Problem>(stale);
        expect(p.type).toBe('urn:pmcert:problem:stale-credential');
        expect(p.current!.seq).toBe(2);
        expect((await listEntries(t.deps.db, id)).length).toBe(2);
        const fresh = await b1.post('/api/endorsements', {
          kind: 'temp_return',
          credential: p.current!.credential,
        });
        expect(fresh.status).toBe(201);

        const [h, c, s] = credential.split('.');
        const forged = `${h}.${c}.${s!.slice(0, -2)}${s!.endsWith('AA') ? 'BA' : 'AA'}`;
        const bad = await b1.post('/api/endorsements', {
          kind: 'temp_out',
          credential: forged,
          until: '2026-05-01',
        });
        expect(bad.status).toBe(422);
        expect(await json<Problem>(bad)).toMatchObject({
          field: 'credential',
          reason: 'BAD_SIGNATURE',
        });

        const far = await enroll(t.deps, person({ org: 'b3' }), { org: 'b3', officer: 'x' });
        expect(
          (
            await b1.post('/api/endorsements', {
              kind: 'temp_out',
              credential: far.credential,
              until: '2026-05-01',
            })
          ).status,
        ).toBe(403);
      });
    });

    describe('API tokens', () => {
      it('are scoped to their org and abilities, and stop working when revoked', async () => {
        const { token, row } = await createApiToken(
          t.deps,
          { org: 'c1', name: 'hr', abilities: ['hr:moves'] },
          'test',
        );
        const hr = Client.withToken(t.app, token);
        const move = { nationalId: person().nationalId, from: 'b1', to: 'b2', date: '2026-02-01' };
        expect((await hr.post('/api/hr/moves', move)).status).toBe(201);
        expect((await hr.post('/api/hr/moves', { ...move, from: 'b3', to: 'c2' })).status).toBe(
          403,
        );
        expect((await hr.get(`/api/members/${self}`)).status).toBe(403);
        await officer(t.deps, 'sec-c1-tokens', [{ org: 'c1', role: 'secretary' }]);
        const sec = await Client.login(t.app, 'sec-c1-tokens');
        expect((await sec.delete(`/api/tokens/${row.id}`)).status).toBe(204);
        const after = await hr.post('/api/hr/moves', move);
        expect(after.status).toBe(401);
        expect((await json<Problem>(after)).reason).toBe('TOKEN_REVOKED');
        expect(
          (await Client.withToken(t.app, token.slice(0, -3) + 'abc').get('/api/me')).status,
        ).toBe(401);
      });
    });
  });
}
