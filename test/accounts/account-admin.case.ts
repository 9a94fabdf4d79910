import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/service/tokens.ts';
import { enroll } from '../../src/service/members.ts';
import { listAuditEvents } from '../../src/store/audit.ts';
import type { Store } from '../../src/store/db.ts';
import { seedTree } from '../support/deps.ts';
import { Client, json, memberAccount, officer, PASSWORD, testApp } from '../support/http.ts';
import { person } from '../support/people.ts';
import { openTestStore } from '../support/stores.ts';

type Listed = {
  id: string;
  username: string;
  roles: { org: string; role: string }[];
  disabled: boolean;
  manageable: boolean;
};
type Problem = { status: number; reason?: string; field?: string };

/** Account administration over HTTP and on the page, within the secretary's subtree. */
export function runAccountAdminSuite(driver: Store['driver']) {
  describe(`account administration on ${driver}`, () => {
    let store: Store;
    let t: Awaited<ReturnType<typeof testApp>>;
    let sec: Client;
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      store = await openTestStore(driver);
      t = await testApp(store);
      await seedTree(t.deps);
      ids.sec = (await officer(t.deps, 'c1-sec', [{ org: 'c1', role: 'secretary' }])).id;
      ids.clerk = (await officer(t.deps, 'b1-clerk', [{ org: 'b1', role: 'clerk' }])).id;
      ids.both = (
        await officer(t.deps, 'c1c2-viewer', [
          { org: 'b1', role: 'viewer' },
          { org: 'b3', role: 'viewer' },
        ])
      ).id;
      ids.far = (await officer(t.deps, 'b3-clerk', [{ org: 'b3', role: 'clerk' }])).id;
      const m = await enroll(t.deps, person({ org: 'b2' }), { org: 'b2', officer: 'setup' });
      ids.member = (await memberAccount(t.deps, 'member-b2', m.id)).id;
      sec = await Client.login(t.app, 'c1-sec');
    });
    afterAll(async () => {
      await store?.close();
    });

    it('lists the logins of the subtree; one that also serves another 党委 is listed but not manageable', async () => {
      const res = await sec.get('/api/accounts');
      expect(res.status).toBe(200);
      const { accounts } = await json<{ accounts: Listed[] }>(res);
      const names = accounts.map((a) => a.username);
      expect(names).toEqual(
        expect.arrayContaining(['c1-sec', 'b1-clerk', 'c1c2-viewer', 'member-b2']),
      );
      expect(names).not.toContain('b3-clerk');
      expect(accounts.find((a) => a.username === 'c1c2-viewer')!.manageable).toBe(false);
      expect(accounts.find((a) => a.username === 'b1-clerk')!.manageable).toBe(true);
      expect((await sec.post(`/api/accounts/${ids.both}/disable`, {})).status).toBe(403);
      expect((await sec.post(`/api/accounts/${ids.far}/disable`, {})).status).toBe(403);
      const clerk = await Client.login(t.app, 'b1-clerk');
      expect((await clerk.get('/api/accounts')).status).toBe(403);
    });

    it('disables: the session dies at once, login is refused, the tokens it made are revoked; re-enabled it logs in again', async () => {
      const clerk = await Client.login(t.app, 'b1-clerk');
      expect((await clerk.get('/api/me')).status).toBe(200);
      const { token } = await createApiToken(
        t.deps,
        { org: 'b1', name: '人事系统', abilities: ['member:read'] },
        ids.clerk!,
      );
      const machine = Client.withToken(t.app, token);
      expect((await machine.get('/api/orgs/b1')).status).toBe(200);

      const res = await sec.post(`/api/accounts/${ids.clerk}/disable`, {});
      expect(res.status).toBe(200);
      // Two sessions: this test's and the one the test above opened.
      expect(await json(res)).toMatchObject({ disabled: true, sessionsEnded: 2, tokensRevoked: 1 });
      expect((await clerk.get('/api/me')).status).toBe(401);
      expect((await machine.get('/api/orgs/b1')).status).toBe(401);
      const again = await new Client(t.app).login('b1-clerk');
      expect(again.status).toBe(401);

      expect((await sec.post(`/api/accounts/${ids.clerk}/enable`, {})).status).toBe(200);
      expect((await new Client(t.app).login('b1-clerk')).status).toBe(201);
      const audit = (await listAuditEvents(t.deps.db, ['b1'], { limit: 50 })).map((e) => e.action);
      expect(audit).toEqual(
        expect.arrayContaining(['POST /api/accounts/:id/disable', 'POST /api/accounts/:id/enable']),
      );
    });

    it('resets a password: generated, shown once, old sessions end, the first login must change it', async () => {
      const clerk = await Client.login(t.app, 'b1-clerk');
      const res = await sec.post(`/api/accounts/${ids.clerk}/password-reset`, {});
      expect(res.status).toBe(200);
      const { password } = await json<{ password: string }>(res);
      expect(password).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
      expect((await clerk.get('/api/me')).status).toBe(401);
      expect((await new Client(t.app).login('b1-clerk', PASSWORD)).status).toBe(401);
      const fresh = await Client.login(t.app, 'b1-clerk', password);
      const blocked = await fresh.get('/api/orgs/b1');
      expect(blocked.status).toBe(403);
      expect(await json<Problem>(blocked)).toMatchObject({ reason: 'PASSWORD_CHANGE_REQUIRED' });
      // Not one's own: that is the password-change flow.
      expect((await sec.post(`/api/accounts/${ids.sec}/password-reset`, {})).status).toBe(422);
    });

    it('gives and removes roles within the subtree; never the last role, never outside, never one’s own', async () => {
      const put = await sec.request('PUT', `/api/accounts/${ids.clerk}/roles/b2`, {
        role: 'organizer',
      });
      expect(put.status).toBe(200);
      expect((await json<{ roles: unknown[] }>(put)).roles).toEqual([
        { org: 'b1', role: 'clerk' },
        { org: 'b2', role: 'organizer' },
      ]);
      expect(
        (await sec.request('PUT', `/api/accounts/${ids.clerk}/roles/c2`, { role: 'viewer' }))
          .status,
      ).toBe(403);
      const del = await sec.request('DELETE', `/api/accounts/${ids.clerk}/roles/b1`);
      expect(del.status).toBe(200);
      const last = await sec.request('DELETE', `/api/accounts/${ids.clerk}/roles/b2`);
      expect(last.status).toBe(422);
      expect(await json<Problem>(last)).toMatchObject({ field: 'org' });
      expect(
        (await sec.request('PUT', `/api/accounts/${ids.member}/roles/b2`, { role: 'viewer' }))
          .status,
      ).toBe(422);
      const listed = await json<{ accounts: Listed[] }>(await sec.get('/api/accounts?org=b2'));
      expect(listed.accounts.find((a) => a.id === ids.clerk)!.roles).toEqual([
        { org: 'b2', role: 'organizer' },
      ]);
    });

    it('the /accounts page lists the logins and its forms act (post/redirect/get), in Chinese', async () => {
      const page = await (await sec.get('/accounts')).text();
      expect(page).toContain('账号列表');
      expect(page).toContain(`action="/accounts/${ids.member}/disable"`);
      expect(page).not.toContain(`action="/accounts/${ids.both}/disable"`);
      const post = (path: string, fields: Record<string, string> = {}) =>
        sec.request('POST', path, new URLSearchParams(fields).toString(), {
          'content-type': 'application/x-www-form-urlencoded',
        });
      const off = await post(`/accounts/${ids.member}/disable`);
      expect(off.status).toBe(303);
      expect(off.headers.get('location')).toBe('/accounts?m=disabled');
      expect(await (await sec.get('/accounts?m=disabled')).text()).toContain('已停用');
      expect((await new Client(t.app).login('member-b2')).status).toBe(401);
      const reset = await post(`/accounts/${ids.member}/reset`);
      expect(reset.status).toBe(200);
      expect(await reset.text()).toMatch(
        /已重置 member-b2 的密码[\s\S]*<code>[a-z2-9-]{19}<\/code>/,
      );
      expect((await post(`/accounts/${ids.member}/enable`)).status).toBe(303);
    });
  });
}
