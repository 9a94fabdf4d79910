import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../schema/index.ts';
import { endorse } from '../../src/service/endorse.ts';
import { enroll } from '../../src/service/members.ts';
import type { Store } from '../../src/store/db.ts';
import { seedTree } from '../support/deps.ts';
import { Client, json, officer, testApp } from '../support/http.ts';
import { person } from '../support/people.ts';
import { openTestStore } from '../support/stores.ts';

type Found = {
  members: { id: string; org: string; incoming?: boolean; transitTo?: string | null }[];
};

/** The destination's member list shows members in transit to it; officers find a member by national ID. */
export function runIncomingAndIdSuite(driver: Store['driver']) {
  describe(`incoming members and national-ID search on ${driver}`, () => {
    let store: Store;
    let t: Awaited<ReturnType<typeof testApp>>;
    let b1: Client;
    let b3: Client;
    let moving: string;
    const mover = person({ org: 'b1', name: '钱在途' });

    beforeAll(async () => {
      store = await openTestStore(driver);
      t = await testApp(store);
      await seedTree(t.deps);
      await officer(t.deps, 'b1-clerk', [{ org: 'b1', role: 'clerk' }]);
      await officer(t.deps, 'b3-sec', [{ org: 'b3', role: 'secretary' }]);
      await officer(t.deps, 'b3-viewer', [{ org: 'b3', role: 'viewer' }]);
      moving = (await enroll(t.deps, mover, { org: 'b1', officer: 'setup' })).id;
      await endorse(t.deps, {
        memberId: moving,
        intent: { kind: 'transfer_out', to: 'b3' },
        actor: { org: 'b1', officer: 'setup' },
      });
      await enroll(t.deps, person({ org: 'b3', name: '孙本地' }), { org: 'b3', officer: 'setup' });
      b1 = await Client.login(t.app, 'b1-clerk');
      b3 = await Client.login(t.app, 'b3-sec');
    });
    afterAll(async () => {
      await store?.close();
    });

    it('lists a member in transit at the destination, marked 转入在途, and still at the origin', async () => {
      const at3 = await json<Found>(await b3.get('/api/members?org=b3'));
      expect(at3.members.find((m) => m.id === moving)).toMatchObject({
        org: 'b1',
        transitTo: 'b3',
        incoming: true,
      });
      const at1 = await json<Found>(await b1.get('/api/members?org=b1'));
      expect(at1.members.find((m) => m.id === moving)).toMatchObject({ incoming: false });
      const page = await (await b3.get('/members')).text();
      expect(page).toContain('钱在途');
      expect(page).toContain('转入在途');
      expect(page).toContain('孙本地');
      // The destination may open the record (the transfer's destination lies in its subtree).
      expect((await b3.get(`/api/members/${moving}`)).status).toBe(200);
    });

    it('finds a member by the exact national ID within the caller’s orgs only; audited with the ID masked', async () => {
      const own = await b1.post('/api/members/national-id-search', {
        nationalId: mover.nationalId,
      });
      expect(own.status).toBe(200);
      expect((await json<Found>(own)).members.map((m) => m.id)).toEqual([moving]);
      // The destination of the open transfer may find them too; a lower-case x or spaces do not matter.
      const dest = await b3.post('/api/members/national-id-search', {
        nationalId: ` ${mover.nationalId.toLowerCase()} `,
      });
      expect((await json<Found>(dest)).members).toHaveLength(1);
      const local = person({ org: 'b2' });
      await enroll(t.deps, local, { org: 'b2', officer: 'setup' });
      const outside = await b3.post('/api/members/national-id-search', {
        nationalId: local.nationalId,
      });
      expect(await json<Found>(outside)).toEqual({ members: [] });
      const bad = await b1.post('/api/members/national-id-search', {
        nationalId: `${mover.nationalId.slice(0, 17)}${mover.nationalId.endsWith('1') ? '2' : '1'}`,
      });
      expect(bad.status).toBe(422);
      const viewer = await Client.login(t.app, 'b3-viewer');
      expect(
        (await viewer.post('/api/members/national-id-search', { nationalId: mover.nationalId }))
          .status,
      ).toBe(403);

      const rows = await t.deps.db.select().from(auditEvents);
      const searches = rows.filter((r) => r.action.includes('search national_id'));
      expect(searches.length).toBeGreaterThanOrEqual(3);
      expect(JSON.stringify(rows)).not.toContain(mover.nationalId);
      expect(JSON.stringify(rows)).not.toContain(local.nationalId);
      expect(searches.map((r) => r.detail)).toContainEqual({
        nationalId: `${mover.nationalId.slice(0, 6)}${'*'.repeat(12)}`,
        found: true,
      });
    });

    it('the members page: a national-ID box (POST) that opens the member, or says not found', async () => {
      const page = await (await b1.get('/members')).text();
      expect(page).toContain('action="/members/national-id"');
      const post = (nationalId: string) =>
        b1.request('POST', '/members/national-id', new URLSearchParams({ nationalId }).toString(), {
          'content-type': 'application/x-www-form-urlencoded',
        });
      const hit = await post(mover.nationalId);
      expect(hit.status).toBe(303);
      expect(hit.headers.get('location')).toBe(`/members/${moving}`);
      const miss = await post(person().nationalId);
      expect(miss.headers.get('location')).toBe('/members?nid=none');
      expect(await (await b1.get('/members?nid=none')).text()).toContain('没有找到这个身份证号');
      expect((await post('123')).headers.get('location')).toBe('/members?nid=bad');
      const viewerPage = await (
        await (await Client.login(t.app, 'b3-viewer')).get('/members')
      ).text();
      expect(viewerPage).not.toContain('action="/members/national-id"');
    });
  });
}
