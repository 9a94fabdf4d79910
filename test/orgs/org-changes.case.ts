import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeKeyCertificate } from '../../src/crypto/key-cert.ts';
import { heldBy, verifyBundle } from '../../src/crypto/verify-bundle.ts';
import type { PublicJwk } from '../../src/crypto/keys.ts';
import type { OrgTree } from '../../src/domain/types.ts';
import { verifyCredential } from '../../src/crypto/verify-credential.ts';
import { exportBundle, trustList } from '../../src/service/bundle.ts';
import { endorse } from '../../src/service/endorse.ts';
import { filingPicture } from '../../src/service/filings.ts';
import { createOrg, dissolveOrg, moveOrg } from '../../src/service/org-changes.ts';
import { orgTree } from '../../src/service/orgs.ts';
import { fsck } from '../../src/service/fsck.ts';
import { enroll } from '../../src/service/members.ts';
import { listAuditEvents } from '../../src/store/audit.ts';
import { committedSize } from '../../src/store/log.ts';
import { getMember, listEntries } from '../../src/store/queries.ts';
import type { Store } from '../../src/store/db.ts';
import { seedTree } from '../support/deps.ts';
import { Client, json, officer, testApp } from '../support/http.ts';
import { person } from '../support/people.ts';
import { openTestStore } from '../support/stores.ts';

type Problem = { status: number; reason?: string; field?: string; titles: { zh: string } };

/** Organisations over HTTP: create, rename, move (keys and history stay verifiable), dissolve. */
export function runOrgChangesSuite(driver: Store['driver']) {
  describe(`organisation changes on ${driver}`, () => {
    let store: Store;
    let t: Awaited<ReturnType<typeof testApp>>;
    let rootJwk: PublicJwk;
    let top: Client;
    let c1: Client;

    beforeAll(async () => {
      store = await openTestStore(driver);
      t = await testApp(store);
      ({ rootJwk } = await seedTree(t.deps));
      await officer(t.deps, 'top-sec', [{ org: 'root', role: 'secretary' }]);
      await officer(t.deps, 'c1-org', [{ org: 'c1', role: 'organizer' }]);
      top = await Client.login(t.app, 'top-sec');
      c1 = await Client.login(t.app, 'c1-org');
    });
    afterAll(async () => {
      await store?.close();
    });

    const treeOf = async (): Promise<OrgTree> => {
      const list = await trustList(t.deps);
      return new Map(list.orgs.map((o) => [o.id, o]));
    };

    it('creates a child with a key certified by its parent, refuses a taken id, renames; each audited under the org and its parent', async () => {
      const res = await c1.post('/api/orgs', {
        id: 'b7',
        name: '第七党支部',
        type: 'branch',
        parent: 'c1',
      });
      expect(res.status).toBe(201);
      expect(await json(res)).toEqual({
        id: 'b7',
        name: '第七党支部',
        type: 'branch',
        parent: 'c1',
      });
      const list = await trustList(t.deps);
      const key = list.keys.find((k) => k.org === 'b7')!;
      expect(decodeKeyCertificate(key.certificate).claims.iss).toBe('c1');

      const again = await c1.post('/api/orgs', {
        id: 'b7',
        name: 'x',
        type: 'branch',
        parent: 'c1',
      });
      expect(again.status).toBe(422);
      expect(await json<Problem>(again)).toMatchObject({ reason: 'ORG_EXISTS', field: 'id' });
      // Not over c2: an organizer at c1 reshapes only c1's subtree.
      const outside = await c1.post('/api/orgs', {
        id: 'b8',
        name: 'x',
        type: 'branch',
        parent: 'c2',
      });
      expect(outside.status).toBe(403);

      const renamed = await c1.request('PATCH', '/api/orgs/b7', { name: '第七党支部（机关）' });
      expect(renamed.status).toBe(200);
      expect((await json(await c1.get('/api/orgs/b7'))).name).toBe('第七党支部（机关）');
      expect((await trustList(t.deps)).orgs.find((o) => o.id === 'b7')!.name).toBe(
        '第七党支部（机关）',
      );
      for (const org of ['b7', 'c1']) {
        const actions = (await listAuditEvents(t.deps.db, [org], { limit: 50 })).map(
          (e) => `${e.action} ${e.target}`,
        );
        expect(actions).toContain('POST /api/orgs b7');
        expect(actions).toContain('PATCH /api/orgs/:id rename b7');
      }
    });

    it('moves a branch under another 党委: a new key certified by the new parent; entries signed under the old parent still verify (bundle and fsck)', async () => {
      const m = await enroll(t.deps, person({ org: 'b1' }), { org: 'b1', officer: 'setup' });
      // Signed by c1, which is above b1 only until the move.
      await endorse(t.deps, {
        memberId: m.id,
        intent: { kind: 'temp_out', until: '2026-05-01', to: '深圳' },
        actor: { org: 'c1', officer: 'setup' },
      });
      t.deps.clock.advanceDays(3);
      // Days pass: the sessions went idle, so log in again.
      top = await Client.login(t.app, 'top-sec');
      c1 = await Client.login(t.app, 'c1-org');

      const cycle = await top.request('PATCH', '/api/orgs/c1', { parent: 'b1' });
      expect(cycle.status).toBe(422);
      expect(await json<Problem>(cycle)).toMatchObject({ reason: 'ORG_CYCLE', field: 'parent' });
      const nesting = await top.request('PATCH', '/api/orgs/b1', { parent: 'b2' });
      expect(nesting.status).toBe(422);
      // c1's organizer holds nothing over c2, so cannot move b1 there.
      expect((await c1.request('PATCH', '/api/orgs/b1', { parent: 'c2' })).status).toBe(403);

      const moved = await top.request('PATCH', '/api/orgs/b1', { parent: 'c2' });
      expect(moved.status).toBe(200);
      expect(await json(moved)).toMatchObject({ id: 'b1', parent: 'c2' });
      const tree = await treeOf();
      expect(tree.get('b1')).toMatchObject({ parent: 'c2', moves: [{ from: 'c1' }] });
      const b1Keys = (await trustList(t.deps)).keys.filter((k) => k.org === 'b1');
      expect(b1Keys.map((k) => decodeKeyCertificate(k.certificate).claims.iss)).toEqual([
        'c1',
        'c2',
      ]);

      t.deps.clock.advanceDays(1 / 24);
      // After the move b1 signs with its new key; c1 is no longer above it.
      await endorse(t.deps, {
        memberId: m.id,
        intent: { kind: 'temp_return' },
        actor: { org: 'b1', officer: 'setup' },
      });
      await expect(
        endorse(t.deps, {
          memberId: m.id,
          intent: { kind: 'temp_out', until: '2026-06-01', to: '广州' },
          actor: { org: 'c1', officer: 'setup' },
        }),
      ).rejects.toMatchObject({ code: 'NOT_AUTHORISED' });

      const bundle = await exportBundle(t.deps, m.id);
      const list = await trustList(t.deps);
      const withRules = await verifyBundle(bundle, rootJwk, t.deps.now(), {
        verifier: t.deps.verifier,
        tree,
        held: heldBy(list),
      });
      expect(withRules).toMatchObject({ valid: true });
      expect(await verifyBundle(bundle, rootJwk, t.deps.now())).toMatchObject({ valid: true });
      // Without the recorded move the tree says c1 never was above b1: the c1-signed entry fails.
      const forgetful = new Map(tree);
      forgetful.set('b1', { ...tree.get('b1')!, moves: [] });
      const r = await verifyBundle(bundle, rootJwk, t.deps.now(), { tree: forgetful });
      expect(r.valid).toBe(false);

      expect((await fsck(t.deps)).problems).toEqual([]);
      const audit = await listAuditEvents(t.deps.db, ['c2'], { limit: 50 });
      expect(audit.map((e) => e.action)).toContain('PATCH /api/orgs/:id move');
    });

    it('a move and its new key are one transaction, as are a new org and its key: a key that cannot be stored leaves neither', async () => {
      await createOrg(t.deps, { id: 'mv1', name: '迁移测试党支部', type: 'branch', parent: 'c1' });
      // A real refusal by the database (no mock): the key row for mv1 / mv2 cannot be inserted.
      await t.deps.db.execute(sql`
        create function pmc_test_refuse_key() returns trigger language plpgsql as $$
        begin raise exception 'key refused for %', new.org_id; end $$`);
      await t.deps.db.execute(sql`
        create trigger pmc_test_refuse_key before insert on org_keys for each row
        when (new.org_id in ('mv1', 'mv2')) execute function pmc_test_refuse_key()`);
      const keysOfMv1 = async () => (await trustList(t.deps)).keys.filter((k) => k.org === 'mv1');
      const before = await keysOfMv1();
      await expect(moveOrg(t.deps, 'mv1', 'c2')).rejects.toThrow();
      expect((await treeOf()).get('mv1')).toMatchObject({ parent: 'c1' });
      expect((await treeOf()).get('mv1')?.moves ?? []).toEqual([]);
      expect(await keysOfMv1()).toEqual(before);
      await expect(
        createOrg(t.deps, { id: 'mv2', name: '无钥党支部', type: 'branch', parent: 'c1' }),
      ).rejects.toThrow();
      expect((await treeOf()).has('mv2')).toBe(false);

      await t.deps.db.execute(sql`drop trigger pmc_test_refuse_key on org_keys`);
      await t.deps.db.execute(sql`drop function pmc_test_refuse_key()`);
      // Keys made in one second tie on notBefore (newest = the greater kid then): move a minute on.
      t.deps.clock.advanceDays(1 / 1440);
      const moved = await moveOrg(t.deps, 'mv1', 'c2');
      expect((await treeOf()).get('mv1')).toMatchObject({ parent: 'c2', moves: [{ from: 'c1' }] });
      const certs = (await keysOfMv1()).map((k) => decodeKeyCertificate(k.certificate).claims);
      expect(certs.map((c) => c.iss)).toEqual(['c1', 'c2']);
      expect((await keysOfMv1()).at(-1)?.kid).toBe(moved.kid);
      await dissolveOrg(t.deps, 'mv1');
    });

    it('the /orgs page: management forms with the CSRF field, post/redirect/get, a refusal shown in place in Chinese', async () => {
      c1 = await Client.login(t.app, 'c1-org');
      const page = await (await c1.get('/orgs')).text();
      expect(page).toContain('管理组织');
      expect(page).toContain('action="/orgs/create"');
      expect(page).toMatch(/name="_csrf" value="[^"]+"/);
      const post = (path: string, fields: Record<string, string>, headers = {}) =>
        c1.request('POST', path, new URLSearchParams(fields).toString(), {
          'content-type': 'application/x-www-form-urlencoded',
          ...headers,
        });
      const made = await post('/orgs/create', {
        parent: 'c1',
        id: 'web1',
        name: '网页新建党支部',
        type: 'branch',
      });
      expect(made.status).toBe(303);
      expect(made.headers.get('location')).toBe('/orgs?m=created');
      const after = await (await c1.get('/orgs?m=created')).text();
      expect(after).toContain('已新建组织');
      expect(after).toContain('网页新建党支部');
      const taken = await post('/orgs/create', {
        parent: 'c1',
        id: 'web1',
        name: 'x',
        type: 'branch',
      });
      expect(taken.status).toBe(422);
      expect(await taken.text()).toContain('组织编码已被使用');
      // English, on request.
      const en = await post('/orgs/create?lang=en', {
        parent: 'c1',
        id: 'web1',
        name: 'x',
        type: 'branch',
      });
      expect(await en.text()).toContain('Organisation id already taken');
      // Without the CSRF token the post is refused and nothing changes.
      const forged = await post(
        '/orgs/rename',
        { org: 'web1', name: '伪造' },
        { 'x-csrf-token': 'nope' },
      );
      expect(forged.status).toBe(403);
      expect((await json(await c1.get('/api/orgs/web1'))).name).toBe('网页新建党支部');
      expect((await post('/orgs/dissolve', { org: 'web1' })).status).toBe(303);
      expect(await (await c1.get('/orgs')).text()).not.toContain('网页新建党支部');
    });

    it('dissolves only an empty org; a dissolved org keeps its id, takes no child, and its keys are revoked', async () => {
      top = await Client.login(t.app, 'top-sec');
      const full = await top.post('/api/orgs/b2/dissolve', {});
      // b2 is empty of members but c1's officer has no role there; the root's secretary may.
      expect(full.status).toBe(200);
      await enroll(t.deps, person({ org: 'b3' }), { org: 'b3', officer: 'setup' });
      const busy = await top.post('/api/orgs/b3/dissolve', {});
      expect(busy.status).toBe(422);
      const p = await json<Problem>(busy);
      expect(p).toMatchObject({ reason: 'ORG_NOT_EMPTY', field: 'id' });
      expect(p.titles.zh).toContain('不能撤销');
      const parentBusy = await top.post('/api/orgs/c2/dissolve', {});
      expect(await json<Problem>(parentBusy)).toMatchObject({ reason: 'ORG_NOT_EMPTY' });

      const list = await trustList(t.deps);
      expect(list.orgs.some((o) => o.id === 'b2')).toBe(true);
      expect(list.keys.filter((k) => k.org === 'b2').every((k) => k.revocation)).toBe(true);
      const under = await top.post('/api/orgs', {
        id: 'g1',
        name: '小组',
        type: 'group',
        parent: 'b2',
      });
      expect(await json<Problem>(under)).toMatchObject({ reason: 'ORG_DISSOLVED' });
      const reuse = await top.post('/api/orgs', {
        id: 'b2',
        name: '新',
        type: 'branch',
        parent: 'c1',
      });
      expect(await json<Problem>(reuse)).toMatchObject({ reason: 'ORG_EXISTS' });
      expect((await fsck(t.deps)).problems).toEqual([]);

      // Dissolved this year, b2 is still expected to file for the years before, not for this one.
      const year = new Date(t.deps.now() * 1000).getUTCFullYear();
      const filers = async (y: number) =>
        (await filingPicture(t.deps, 'c1', y)).childrenOf('c1').map((n) => n.id);
      expect(await filers(year - 1)).toContain('b2');
      expect(await filers(year)).not.toContain('b2');
      expect(await filers(year)).toContain('b7');
    });

    it('dissolves an org with members into a destination by signed transfers: refusals name the members and change nothing; a retry replays', async () => {
      t.deps.clock.advanceDays(1 / 24);
      top = await Client.login(t.app, 'top-sec');
      c1 = await Client.login(t.app, 'c1-org');
      await createOrg(t.deps, { id: 'd1', name: '待撤销党支部', type: 'branch', parent: 'c1' });
      await createOrg(t.deps, { id: 'dg1', name: '其党小组', type: 'group', parent: 'd1' });
      const setup = { officer: 'setup' };
      const at = (org: string) => ({ org, officer: 'setup' });
      const ids: string[] = [];
      for (let i = 0; i < 3; i++)
        ids.push((await enroll(t.deps, person({ org: 'd1' }), { org: 'd1', ...setup })).id);
      const incoming = (await enroll(t.deps, person({ org: 'b7' }), at('b7'))).id;
      await endorse(t.deps, {
        memberId: ids[2]!,
        intent: { kind: 'temp_out', until: '2026-09-01', to: '上海' },
        actor: at('d1'),
      });
      await endorse(t.deps, {
        memberId: incoming,
        intent: { kind: 'transfer_out', to: 'd1' },
        actor: at('b7'),
      });
      const dissolve = (who: Client, id: string, destination: string) =>
        who.post(`/api/orgs/${id}/dissolve`, { destination });

      // c1's organizer holds nothing over c2's branches.
      expect((await dissolve(c1, 'd1', 'b1')).status).toBe(403);
      const refused = async (id: string, destination: string, reason: string, field: string) => {
        const r = await dissolve(c1, id, destination);
        expect(r.status, `${id} → ${destination}`).toBe(422);
        expect(await json<Problem>(r)).toMatchObject({ reason, field });
      };
      await refused('d1', 'b7', 'ORG_HAS_CHILDREN', 'id');
      // The empty 党小组 goes first, without a destination.
      expect((await c1.post('/api/orgs/dg1/dissolve', {})).status).toBe(200);
      await refused('d1', 'd1', 'DESTINATION_INSIDE', 'destination');
      await refused('d1', 'c1', 'DESTINATION_TYPE', 'destination');
      await refused('d1', 'web1', 'ORG_DISSOLVED', 'destination');

      const seqs = async () =>
        Promise.all([...ids, incoming].map(async (id) => (await getMember(t.deps.db, id))!.seq));
      const before = await seqs();
      const blocked = await dissolve(c1, 'd1', 'b7');
      expect(blocked.status).toBe(422);
      const p = await json<
        Problem & {
          blocked: { member: string; name: string; reason: string; title: { zh: string } }[];
        }
      >(blocked);
      expect(p).toMatchObject({ reason: 'MEMBERS_NOT_MOVABLE' });
      expect(p.titles.zh).toContain('不能撤销');
      expect(p.blocked.map((b) => [b.member, b.reason]).sort()).toEqual(
        [
          [ids[2], 'TEMP_OPEN'],
          [incoming, 'INCOMING_IN_TRANSIT'],
        ].sort(),
      );
      expect(p.blocked.find((b) => b.member === incoming)!.title.zh).toContain('在途');
      expect(p.blocked.every((b) => b.name.length > 0)).toBe(true);
      // Nothing was done: no entry, no move, the org live.
      expect(await seqs()).toEqual(before);
      expect((await orgTree(t.deps)).get('d1')?.dissolved).toBeUndefined();

      await endorse(t.deps, {
        memberId: ids[2]!,
        intent: { kind: 'temp_return' },
        actor: at('d1'),
      });
      await endorse(t.deps, {
        memberId: incoming,
        intent: { kind: 'transfer_return', reason: '接收组织撤销' },
        actor: at('b7'),
      });
      const done = await dissolve(c1, 'd1', 'b7');
      expect(done.status).toBe(200);
      const body = await json<{ moved: string[]; keysRevoked: string[]; replayed: boolean }>(done);
      expect(body).toMatchObject({ destination: 'b7', replayed: false });
      expect(body.moved.sort()).toEqual([...ids].sort());
      expect(body.keysRevoked).toHaveLength(1);

      expect((await orgTree(t.deps)).get('d1')?.dissolved).toBeDefined();
      const tree = await treeOf();
      const list = await trustList(t.deps);
      expect(list.keys.filter((k) => k.org === 'd1').every((k) => k.revocation)).toBe(true);
      for (const id of ids) {
        const row = (await getMember(t.deps.db, id))!;
        expect(row).toMatchObject({ orgId: 'b7', status: 'normal' });
        const entries = await listEntries(t.deps.db, id);
        const [out, arrival] = entries.slice(-2).map((e) => e.claims);
        expect(out).toMatchObject({
          knd: 'transfer_out',
          iss: 'd1',
          dat: { to: 'b7', reason: '党组织撤销' },
        });
        expect(arrival).toMatchObject({
          knd: 'arrival',
          iss: 'b7',
          dat: { at: 'b7', late: false },
        });
        expect(arrival!.iat).toBe(out!.iat);
        // The credential is re-issued by the destination and verifies against today's trust list.
        const cred = await verifyCredential(row.credential, list, t.deps.now(), t.deps.verifier);
        expect(cred).toMatchObject({ valid: true, value: { iss: 'b7', org: 'b7', st: 'normal' } });
        const bundle = await exportBundle(t.deps, id);
        const verdict = await verifyBundle(bundle, rootJwk, t.deps.now(), {
          verifier: t.deps.verifier,
          tree,
          held: heldBy(list),
        });
        expect(verdict).toMatchObject({ valid: true });
      }
      expect((await fsck(t.deps)).problems).toEqual([]);

      // A retry answers what was done and writes nothing; another destination is refused.
      const afterSeqs = await seqs();
      const again = await dissolve(c1, 'd1', 'b7');
      expect(again.status).toBe(200);
      const replay = await json<{ moved: string[]; replayed: boolean }>(again);
      expect(replay.replayed).toBe(true);
      expect(replay.moved.sort()).toEqual([...ids].sort());
      expect(await seqs()).toEqual(afterSeqs);
      expect(await json<Problem>(await dissolve(top, 'd1', 'b1'))).toMatchObject({
        reason: 'ORG_DISSOLVED',
      });
      // Dissolved (from the second after its moves), it takes no transfer (DESTINATION_DISSOLVED).
      t.deps.clock.advanceDays(1 / 1440);
      await expect(
        endorse(t.deps, {
          memberId: ids[0]!,
          intent: { kind: 'transfer_out', to: 'd1' },
          actor: at('b7'),
        }),
      ).rejects.toMatchObject({ reason: 'DESTINATION_DISSOLVED' });
      const audit = await listAuditEvents(t.deps.db, ['b7'], { limit: 100 });
      const event = audit.find(
        (e) =>
          e.action.startsWith('POST /api/orgs/:id/dissolve') &&
          e.target === 'd1' &&
          e.status === 200,
      );
      expect(event).toBeDefined();
    });

    it('a dissolution with members is one transaction: a failure after the moves leaves no entry, no leaf, no move', async () => {
      t.deps.clock.advanceDays(1 / 1440);
      await createOrg(t.deps, { id: 'd3', name: '回滚测试党支部', type: 'branch', parent: 'c1' });
      const ids: string[] = [];
      for (let i = 0; i < 2; i++)
        ids.push((await enroll(t.deps, person({ org: 'd3' }), { org: 'd3', officer: 'setup' })).id);
      // A real refusal by the database at the last step (marking d3 dissolved), after the entries.
      await t.deps.db.execute(sql`
        create function pmc_test_refuse_dissolution() returns trigger language plpgsql as $$
        begin raise exception 'dissolution refused for %', new.id; end $$`);
      await t.deps.db.execute(sql`
        create trigger pmc_test_refuse_dissolution before update on organisations for each row
        when (new.id = 'd3' and new.dissolved_at is not null)
        execute function pmc_test_refuse_dissolution()`);
      const heads = async () =>
        Promise.all(ids.map(async (id) => (await getMember(t.deps.db, id))!));
      const before = await heads();
      const size = await committedSize(t.deps.db);
      await expect(dissolveOrg(t.deps, 'd3', { into: 'b7', officer: 'setup' })).rejects.toThrow();
      expect(await heads()).toEqual(before);
      expect(await committedSize(t.deps.db)).toBe(size);
      expect((await orgTree(t.deps)).get('d3')?.dissolved).toBeUndefined();
      const keys = (await trustList(t.deps)).keys.filter((k) => k.org === 'd3');
      expect(keys.some((k) => k.revocation)).toBe(false);

      await t.deps.db.execute(sql`drop trigger pmc_test_refuse_dissolution on organisations`);
      await t.deps.db.execute(sql`drop function pmc_test_refuse_dissolution()`);
      const done = await dissolveOrg(t.deps, 'd3', { into: 'b7', officer: 'setup' });
      expect(done.moved.sort()).toEqual([...ids].sort());
      expect(await committedSize(t.deps.db)).toBe(size + 4);
      expect((await fsck(t.deps)).problems).toEqual([]);
    });

    it('the /orgs page dissolves with a destination picker: a refusal names the member in place, then post/redirect/get', async () => {
      c1 = await Client.login(t.app, 'c1-org');
      await createOrg(t.deps, { id: 'd2', name: '网页撤销党支部', type: 'branch', parent: 'c1' });
      const m = await enroll(t.deps, person({ org: 'd2' }), { org: 'd2', officer: 'setup' });
      const at = { org: 'd2', officer: 'setup' };
      await endorse(t.deps, {
        memberId: m.id,
        intent: { kind: 'temp_out', until: '2026-09-01', to: '上海' },
        actor: at,
      });
      const page = await (await c1.get('/orgs')).text();
      const picker = page.split('name="destination"')[1]!.split('</select>')[0]!;
      // Only live 支部 / 小组 the organizer manages: b7, not the 党委 c1 nor the dissolved d1.
      expect(picker).toContain('<option value="b7"');
      expect(picker).not.toContain('<option value="c1"');
      expect(picker).not.toContain('<option value="d1"');
      const post = (fields: Record<string, string>, query = '') =>
        c1.request('POST', `/orgs/dissolve${query}`, new URLSearchParams(fields).toString(), {
          'content-type': 'application/x-www-form-urlencoded',
        });
      const name = (await getMember(t.deps.db, m.id))!.name;
      const refused = await post({ org: 'd2', destination: 'b7' });
      expect(refused.status).toBe(422);
      const html = await refused.text();
      expect(html).toContain('以下党员不能转出');
      expect(html).toContain(`${name}（已有未签回的证明信）`);
      const en = await (await post({ org: 'd2', destination: 'b7' }, '?lang=en')).text();
      expect(en).toContain('These members cannot be transferred');
      // Outside the organizer's subtree: refused, nothing done.
      expect((await post({ org: 'd2', destination: 'b1' })).status).toBe(403);
      expect((await getMember(t.deps.db, m.id))!.orgId).toBe('d2');

      await endorse(t.deps, { memberId: m.id, intent: { kind: 'temp_return' }, actor: at });
      const done = await post({ org: 'd2', destination: 'b7' });
      expect(done.status).toBe(303);
      expect(done.headers.get('location')).toBe('/orgs?m=dissolved');
      expect((await getMember(t.deps.db, m.id))!).toMatchObject({ orgId: 'b7', status: 'normal' });
      expect((await orgTree(t.deps)).get('d2')?.dissolved).toBeDefined();
    });
  });
}
