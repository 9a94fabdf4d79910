import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../src/service/accounts.ts';
import { endorse } from '../../src/service/endorse.ts';
import { enroll } from '../../src/service/members.ts';
import type { Store } from '../../src/store/db.ts';
import { seedTree } from '../support/deps.ts';
import { Client, memberAccount, officer, PASSWORD, testApp } from '../support/http.ts';
import { person } from '../support/people.ts';
import { openTestStore } from '../support/stores.ts';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const ORIGIN = 'https://pmc.example.cn';

/** A web form post as a browser makes it: urlencoded, our Origin, the CSRF token as a field. */
function post(client: Client, path: string, fields: Record<string, string>, csrf = client.csrf) {
  const body = new URLSearchParams({ ...(csrf ? { _csrf: csrf } : {}), ...fields }).toString();
  const saved = client.csrf;
  delete client.csrf; // no X-CSRF-Token header: the form field must do
  const res = client.request('POST', path, body, { ...FORM, origin: ORIGIN });
  if (saved) client.csrf = saved;
  return res;
}

/** The session cookie a form login set. */
const cookieOf = (res: Response) => (res.headers.get('set-cookie') ?? '').split(';')[0];

/** The web pages over HTTP, on a real database: headers, sessions, CSRF, language, who sees what. */
export function runPages(driver: Store['driver']) {
  describe(`web pages on ${driver}`, () => {
    let store: Store;
    let t: Awaited<ReturnType<typeof testApp>>;
    let self: string;
    let other: string;
    let member: Client;
    let secretary: Client;

    beforeAll(async () => {
      store = await openTestStore(driver);
      t = await testApp(store);
      await seedTree(t.deps);
      const actor = { org: 'b1', officer: 'setup' };
      self = (await enroll(t.deps, person({ org: 'b1', name: '王本人' }), actor)).id;
      other = (await enroll(t.deps, person({ org: 'b1', name: '赵他人' }), actor)).id;
      await endorse(t.deps, {
        memberId: self,
        intent: { kind: 'transfer_out', to: 'b2', reason: '工作调动' },
        actor,
      });
      await memberAccount(t.deps, 'p-member', self);
      await memberAccount(t.deps, 'p-other', other);
      await officer(t.deps, 'p-sec', [{ org: 'c1', role: 'secretary' }]);
      member = await Client.login(t.app, 'p-member');
      secretary = await Client.login(t.app, 'p-sec');
    });
    afterAll(async () => {
      await store?.close();
    });

    it('/ never 404s: anonymous to the login page, a member to their card, an officer to the dashboard', async () => {
      expect((await new Client(t.app).get('/')).headers.get('location')).toBe('/login');
      expect((await member.get('/')).headers.get('location')).toBe('/me');
      expect((await secretary.get('/')).headers.get('location')).toBe('/desk');
    });

    it('pages carry a strict CSP, frame-ancestors none, no-store, and no inline script or style', async () => {
      for (const [client, path] of [
        [new Client(t.app), '/login'],
        [member, '/me'],
        [member, '/me/print'],
        [secretary, '/desk'],
        [secretary, '/password'],
      ] as const) {
        const res = await client.get(path);
        expect(res.status, path).toBe(200);
        const csp = res.headers.get('content-security-policy') ?? '';
        expect(csp, path).toContain("default-src 'none'");
        expect(csp, path).toContain("frame-ancestors 'none'");
        expect(csp, path).not.toContain('unsafe-inline');
        expect(res.headers.get('cache-control'), path).toBe('no-store');
        const html = await res.text();
        expect(html, path).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
        expect(html, path).not.toMatch(/\sstyle=|<style/);
        expect(html, path).not.toMatch(/https?:\/\/(?!pmc\.example\.cn)/);
      }
    });

    it('every form carries the CSRF token', async () => {
      const html = await (await secretary.get('/password')).text();
      const forms = html.match(/<form method="post"[\s\S]*?<\/form>/g) ?? [];
      expect(forms.length).toBeGreaterThanOrEqual(2); // logout + the page's form
      for (const f of forms) expect(f).toContain(`name="_csrf" value="${secretary.csrf}"`);
    });

    it('a forged form post is refused: no token, a wrong token, or another origin', async () => {
      const c = await Client.login(t.app, 'p-sec');
      for (const res of [
        await post(c, '/logout', {}, ''),
        await post(c, '/logout', {}, 'x'.repeat(43)),
        await c.request('POST', '/logout', `_csrf=${c.csrf}`, {
          ...FORM,
          origin: 'https://evil.example',
          'x-csrf-token': '',
        }),
      ]) {
        expect(res.status).toBe(403);
        expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      }
      expect((await c.get('/desk')).status).toBe(200); // still logged in
      const ok = await post(c, '/logout', {});
      expect(ok.status).toBe(303);
      expect((await c.get('/desk')).status).toBe(303); // logged out on the server
    });

    it('login form: wrong password says so, then the throttle says when to try again', async () => {
      const c = new Client(t.app, '198.51.100.7');
      await officer(t.deps, 'p-locked', [{ org: 'b1', role: 'viewer' }]);
      const bad = await post(c, '/login', { username: 'p-locked', password: 'wrong password' });
      expect(bad.status).toBe(401);
      expect(await bad.text()).toContain('用户名或密码错误');
      let last: Response = bad;
      for (let i = 0; i < 6 && last.status !== 429; i++)
        last = await post(c, '/login', { username: 'p-locked', password: 'wrong password' });
      expect(last.status).toBe(429);
      const seconds = Number(last.headers.get('retry-after'));
      expect(seconds).toBeGreaterThan(0);
      expect(await last.text()).toContain(`请在 ${seconds} 秒后再试`);
    });

    it('login form starts the same session as the API, and goes back to where it was sent from', async () => {
      const c = new Client(t.app);
      const res = await post(c, '/login', {
        username: 'p-sec',
        password: PASSWORD,
        next: '/desk?list=activity',
      });
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe('/desk?list=activity');
      c.cookie = cookieOf(res);
      expect(c.cookie).toMatch(/^__Host-pmc_session=/);
      expect(res.headers.get('set-cookie')).toMatch(/HttpOnly/i);
      const me = await c.get('/api/me');
      expect(me.status).toBe(200);
      const evil = await post(c, '/login', {
        username: 'p-sec',
        password: PASSWORD,
        next: '//evil.example/',
      });
      expect(evil.headers.get('location')).toBe('/desk');
    });

    it('a generated password must be changed first, on the page and in the API', async () => {
      await createAccount(
        t.deps,
        {
          kind: 'officer',
          username: 'p-new',
          displayName: '新干事',
          password: 'generated-1234',
          roles: [{ org: 'b1', role: 'clerk' }],
        },
        null,
        { mustChangePassword: true },
      );
      const c = new Client(t.app);
      const login = await post(c, '/login', { username: 'p-new', password: 'generated-1234' });
      expect(login.headers.get('location')).toBe('/password');
      c.cookie = cookieOf(login);
      expect((await c.get('/desk')).headers.get('location')).toBe('/password');
      const api = await Client.login(t.app, 'p-new', 'generated-1234');
      const refused = await api.get('/api/members?q=王');
      expect(refused.status).toBe(403);
      expect(((await refused.json()) as { reason: string }).reason).toBe(
        'PASSWORD_CHANGE_REQUIRED',
      );
      const page = await c.get('/password');
      expect(await page.text()).toContain('系统生成的初始密码');
      c.csrf = ((await (await c.get('/api/me')).json()) as { csrfToken?: string }).csrfToken ?? '';
      const short = await post(c, '/password', {
        current: 'generated-1234',
        password: 'short',
        confirm: 'short',
      });
      expect(short.status).toBe(422);
      expect(await short.text()).toContain('至少需要 10 个字符');
      const named = await post(c, '/password', {
        current: 'generated-1234',
        password: 'i am p-new really',
        confirm: 'i am p-new really',
      });
      expect(await named.text()).toContain('不能包含用户名');
      const done = await post(c, '/password', {
        current: 'generated-1234',
        password: 'my own long phrase',
        confirm: 'my own long phrase',
      });
      expect(done.status).toBe(303);
      expect(done.headers.get('location')).toBe('/desk');
      expect((await c.get('/desk')).status).toBe(200);
      // The other session (the API one) ended with the change.
      expect((await api.get('/api/me')).status).toBe(401);
      expect((await Client.login(t.app, 'p-new', 'my own long phrase')).cookie).toBeTruthy();
    });

    it('POST /api/password changes the password; a wrong current one is refused', async () => {
      await officer(t.deps, 'p-api', [{ org: 'b1', role: 'viewer' }]);
      const c = await Client.login(t.app, 'p-api');
      const wrong = await c.post('/api/password', {
        current: 'not it at all',
        password: 'brand new phrase',
      });
      expect(wrong.status).toBe(422);
      expect(((await wrong.json()) as { field: string }).field).toBe('current');
      const ok = await c.post('/api/password', { current: PASSWORD, password: 'brand new phrase' });
      expect(ok.status).toBe(204);
      expect((await c.get('/api/me')).status).toBe(200); // this session stays
      await expect(Client.login(t.app, 'p-api')).rejects.toThrow(/401/);
      await Client.login(t.app, 'p-api', 'brand new phrase');
    });

    it('Chinese by default; English by ?lang=en (kept in a cookie) or by Accept-Language', async () => {
      const anon = new Client(t.app);
      const zh = await anon.get('/login');
      const zhHtml = await zh.text();
      expect(zhHtml).toContain('<html lang="zh-CN">');
      expect(zhHtml).toContain('登录');
      const en = await anon.get('/login?lang=en');
      expect(await en.text()).toContain('<html lang="en">');
      const langCookie = (en.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      expect(langCookie).toBe('pmc_lang=en');
      const again = await anon.get('/login', { cookie: langCookie });
      expect(await again.text()).toContain('Log in');
      const header = await anon.get('/login', { 'accept-language': 'en-GB,en;q=0.9' });
      expect(await header.text()).toContain('Log in');
      const zhHeader = await anon.get('/login', { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.5' });
      expect(await zhHeader.text()).toContain('登录');
    });

    it('我的党员证 shows the member their own card: QR, status, dues, the timeline', async () => {
      const res = await member.get('/me');
      const html = await res.text();
      expect(html).toContain(`/api/members/${self}/qr.svg`);
      expect(html).toContain('王本人');
      expect(html).toContain('转出在途');
      expect(html).toContain('党费交至');
      expect(html).toContain('转出签注');
      expect(html).toContain('入党登记');
      expect(html).toContain(`/api/members/${self}/bundle`);
      expect(html).toContain('href="#qr-full"');
      expect(html).not.toContain('赵他人');
      const en = await (await member.get('/me?lang=en')).text();
      expect(en).toContain('transfer in transit');
      const print = await (await member.get('/me/print')).text();
      expect(print).toContain('class="card"');
    });

    it('a member cannot open another member’s page or the officer pages', async () => {
      const otherMember = await Client.login(t.app, 'p-other');
      const mine = await (await otherMember.get('/me')).text();
      expect(mine).toContain('赵他人');
      expect(mine).not.toContain('王本人');
      expect((await otherMember.get('/desk')).headers.get('location')).toBe('/me');
      expect((await otherMember.get(`/api/members/${self}/qr.svg`)).status).toBe(403);
    });

    it('工作台 lists the subtree’s alerts and activity, filtered and exported as CSV with a BOM', async () => {
      const desk = await (await secretary.get('/desk')).text();
      expect(desk).toContain('待报到');
      expect(desk).toContain('王本人');
      const filtered = await (await secretary.get('/desk?q=nobody')).text();
      expect(filtered).not.toContain('王本人');
      const csv = await secretary.get('/desk.csv?list=arrival_awaiting');
      expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      const bytes = new Uint8Array(await csv.arrayBuffer());
      expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = new TextDecoder().decode(bytes);
      expect(text).toContain('王本人');
      expect(text.split('\r\n')[0]).toContain('党员');
      const outside = await Client.login(t.app, 'p-sec');
      expect((await outside.get('/desk?org=c2')).status).toBe(403);
    });
    it('转出介绍信: stub, letter and receipt, 党费交至, validity and the QR, for the member and their officers', async () => {
      for (const c of [member, secretary]) {
        const res = await c.get(`/members/${self}/letter`);
        expect(res.status).toBe(200);
        const html = await res.text();
        for (const part of [
          '存根',
          '回执',
          '党费已交到',
          '有效期 30 天',
          '交警支队党支部',
          '王本人',
        ])
          expect(html).toContain(part);
        expect(html).toContain(`/api/members/${self}/qr.svg`);
      }
      expect((await secretary.get(`/members/${other}/letter`)).status).toBe(404); // not in transit
      const otherMember = await Client.login(t.app, 'p-other');
      expect((await otherMember.get(`/members/${self}/letter`)).status).toBe(403);
    });

    it('member detail shows the history to officers over the member only', async () => {
      const html = await (await secretary.get(`/members/${self}`)).text();
      expect(html).toContain('王本人');
      expect(html).toContain('转出签注');
      expect(html).toContain('入党登记');
      await officer(t.deps, 'p-c2', [{ org: 'c2', role: 'secretary' }]);
      const outsider = await Client.login(t.app, 'p-c2');
      const refused = await outsider.get(`/members/${self}`);
      expect(refused.status).toBe(403);
      expect(await refused.text()).not.toContain('王本人');
      expect((await member.get(`/members/${self}`)).headers.get('location')).toBe('/me');
      expect((await member.get(`/members/${other}`)).status).toBe(403);
    });

    it('member list filters by name, status, personnel type and cadre; CSV has a BOM', async () => {
      const all = await (await secretary.get('/members')).text();
      expect(all).toContain('王本人');
      expect(all).toContain('赵他人');
      const inTransit = await (await secretary.get('/members?status=in_transit')).text();
      expect(inTransit).toContain('王本人');
      expect(inTransit).not.toContain('赵他人');
      const byName = await (await secretary.get('/members?q=赵')).text();
      expect(byName).not.toContain('王本人');
      expect(await (await secretary.get('/members?cadre=yes')).text()).toContain(
        '没有符合条件的党员',
      );
      expect(await (await secretary.get('/members?personnel=student')).text()).not.toContain(
        '赵他人',
      );
      const csv = new Uint8Array(await (await secretary.get('/members.csv?q=赵')).arrayBuffer());
      expect([...csv.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      expect(new TextDecoder().decode(csv)).toContain('赵他人');
    });

    it('enrol form: GB 11643 and birth-date errors beside their fields, then enrolled', async () => {
      const p = person({ org: 'b1', name: '钱新人' });
      const fields = {
        org: 'b1',
        name: p.name,
        gender: 'F',
        birth: p.birth,
        joined: p.joined,
        personnel: 'police',
      };
      const badCheck = p.nationalId.slice(0, 17) + (p.nationalId.endsWith('1') ? '2' : '1');
      const bad = await post(secretary, '/members/new', { ...fields, nationalId: badCheck });
      expect(bad.status).toBe(422);
      const badHtml = await bad.text();
      expect(badHtml).toMatch(/id="f-nationalId"[^>]*aria-invalid="true"/);
      expect(badHtml).toContain('GB 11643 校验未通过');
      expect(badHtml).toContain(`value="${p.name}"`); // what was typed stays
      const mismatch = await post(secretary, '/members/new', {
        ...fields,
        nationalId: p.nationalId,
        birth: '1990-01-01',
      });
      expect(await mismatch.text()).toContain('出生日期与身份证号不一致');
      const empty = await post(secretary, '/members/new', {
        ...fields,
        name: '',
        nationalId: p.nationalId,
      });
      expect(await empty.text()).toMatch(/id="f-name-err"/);
      const ok = await post(secretary, '/members/new', { ...fields, nationalId: p.nationalId });
      expect(ok.status).toBe(303);
      const detail = await (await secretary.get(ok.headers.get('location')!)).text();
      expect(detail).toContain('钱新人');
      const outside = await post(secretary, '/members/new', {
        ...fields,
        org: 'b3',
        nationalId: person().nationalId,
      });
      expect(outside.status).toBe(403);
    });

    it('org tree shows each org with its member counts', async () => {
      const html = await (await secretary.get('/orgs')).text();
      expect(html).toContain('刑侦支队党支部');
      expect(html).toContain('/members?org=b1');
      expect(html).toMatch(/公安局党委[\s\S]*?含下级 [1-9]/);
      expect(html).not.toContain('第一中学'); // outside c1
    });

    it('账号: a secretary creates an officer login (password shown once, must change) and issues and revokes a token', async () => {
      const created = await post(secretary, '/accounts', {
        org: 'b1',
        username: 'p-made',
        displayName: '新书记',
        role: 'organizer',
      });
      expect(created.status).toBe(201);
      const html = await created.text();
      const password = html.match(/首次登录须修改：[\s\S]*?<code>([^<]+)<\/code>/)?.[1];
      expect(password).toBeTruthy();
      const c = new Client(t.app);
      const login = await post(c, '/login', { username: 'p-made', password: password! });
      expect(login.headers.get('location')).toBe('/password');
      const taken = await post(secretary, '/accounts', {
        org: 'b1',
        username: 'p-made',
        displayName: '重名',
        role: 'viewer',
      });
      expect(taken.status).toBe(422);
      expect(await taken.text()).toContain('该用户名已被使用');
      const token = await post(secretary, '/accounts/tokens', {
        org: 'c1',
        name: '人事系统',
        abilities: 'hr:moves',
      });
      expect(token.status).toBe(201);
      const secret = (await token.text()).match(/<code>(pmc_[^<]+)<\/code>/)?.[1];
      expect(secret).toBeTruthy();
      const api = Client.withToken(t.app, secret!);
      expect((await api.get('/api/me')).status).toBe(200);
      const list = await (await secretary.get('/accounts')).text();
      const id = list.match(/action="\/accounts\/tokens\/([^/]+)\/revoke"/)?.[1];
      expect(id).toBeTruthy();
      const revoked = await post(secretary, `/accounts/tokens/${id}/revoke`, {});
      expect(revoked.status).toBe(303);
      expect((await api.get('/api/me')).status).toBe(401);
      const viewerLogin = await Client.login(t.app, 'p-member');
      expect((await viewerLogin.get('/accounts')).headers.get('location')).toBe('/me');
    });
  });
}
