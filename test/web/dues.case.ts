import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endorse } from '../../src/service/endorse.ts';
import { duesTemplate } from '../../src/service/dues.ts';
import { duesXlsx } from '../../src/service/dues-xlsx.ts';
import { enroll, showMember } from '../../src/service/members.ts';
import type { Store } from '../../src/store/db.ts';
import { seedTree } from '../support/deps.ts';
import { Client, memberAccount, officer, testApp } from '../support/http.ts';
import { person } from '../support/people.ts';
import { openTestStore } from '../support/stores.ts';

const ORIGIN = 'https://pmc.example.cn';

/** A form post as a browser makes it: urlencoded, our Origin, the CSRF token as a field (no header). */
function post(client: Client, path: string, fields: Record<string, string>) {
  const body = new URLSearchParams({ _csrf: client.csrf ?? '', ...fields }).toString();
  return client.request('POST', path, body, {
    'content-type': 'application/x-www-form-urlencoded',
    origin: ORIGIN,
    'x-csrf-token': client.csrf ?? '',
  });
}

/** An upload as a browser sends it: multipart, the token as a field. */
function upload(
  client: Client,
  fields: Record<string, string>,
  file: { name: string; type: string; bytes: Uint8Array },
) {
  const form = new FormData();
  form.set('_csrf', client.csrf ?? '');
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  form.set('file', new File([file.bytes as BlobPart], file.name, { type: file.type }));
  const headers: Record<string, string> = { origin: ORIGIN, 'x-test-address': client.address };
  if (client.cookie) headers.cookie = client.cookie;
  return client.app.request('/dues/upload', { method: 'POST', headers, body: form });
}

/** The page's table rows: index → member id, from the hidden fields the form carries. */
function tableRows(html: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of html.matchAll(/name="m(\d+)" value="([^"]+)"/g)) out.set(m[2]!, m[1]!);
  return out;
}

/** The value a page's input carries. */
const valueOf = (html: string, name: string) =>
  html.match(new RegExp(`name="${name}" value="([^"]*)"`))?.[1];

const csvOf = (rows: string[][]) =>
  new TextEncoder().encode(`\uFEFF${rows.map((r) => r.join(',')).join('\r\n')}\r\n`);

/** 党费 page (src/web/dues.tsx) over HTTP on a real database: record, errors, upload, arrears, the member's due. */
export function runDuesPages(driver: Store['driver']) {
  describe(`党费 page on ${driver}`, () => {
    let store: Store;
    let t: Awaited<ReturnType<typeof testApp>>;
    let a: string; // 甲: 3,000.00 元, the band's upper edge (0.5%)
    let b: string; // 乙: 3,000.01 元, just above it (1%)
    let s: string; // 丙: a student, 0.20 元
    let clerk: Client;

    const login = async () => {
      clerk = await Client.login(t.app, 'd-clerk');
    };
    const page = async (month: string, c = clerk) =>
      (await c.get(`/dues?org=b1&month=${month}`)).text();

    beforeAll(async () => {
      store = await openTestStore(driver);
      t = await testApp(store);
      await seedTree(t.deps);
      const actor = { org: 'b1', officer: 'setup' };
      a = (await enroll(t.deps, person({ org: 'b1', name: '甲党员' }), actor)).id;
      b = (await enroll(t.deps, person({ org: 'b1', name: '乙党员' }), actor)).id;
      s = (await enroll(t.deps, person({ org: 'b1', name: '丙学生' }), actor)).id;
      await officer(t.deps, 'd-clerk', [{ org: 'b1', role: 'clerk' }]);
      await officer(t.deps, 'd-viewer', [{ org: 'b1', role: 'viewer' }]);
      await memberAccount(t.deps, 'd-member', a);
      await login();
    });
    afterAll(async () => {
      await store?.close();
    });

    it('shows the branch-month table with every member, the nav link and the downloads', async () => {
      const html = await page('2026-03');
      expect(html).toContain('href="/dues"');
      expect(html).toContain('2026-03 党费表');
      for (const name of ['甲党员', '乙党员', '丙学生']) expect(html).toContain(name);
      expect(tableRows(html).size).toBe(3);
      expect(html).toContain('/dues.csv?org=b1&amp;month=2026-03');
      expect(html).toContain('尚未记录党费');
      const forms = html.match(/<form method="post"[\s\S]*?<\/form>/g) ?? [];
      expect(forms.length).toBe(3); // logout, the table, the upload
      for (const f of forms) expect(f).toContain(`name="_csrf" value="${clerk.csrf}"`);
    });

    it('records the month as one batch (post/redirect/get); the member’s card then states the new due', async () => {
      const rows = tableRows(await page('2026-03'));
      const fields: Record<string, string> = { org: 'b1', month: '2026-03', rows: '3' };
      fields.backRows = '0';
      for (const [id, i] of rows) {
        fields[`m${i}`] = id;
        if (id === a) Object.assign(fields, { [`k${i}`]: '在职', [`b${i}`]: '3,000.00' });
        if (id === b) Object.assign(fields, { [`k${i}`]: '在职', [`b${i}`]: '3000.01' });
        if (id === s) Object.assign(fields, { [`k${i}`]: '学生', [`u${i}`]: '1' });
        fields[`a${i}`] = id === a ? '15.00' : id === b ? '30' : '0.20';
      }
      const res = await post(clerk, '/dues/record', fields);
      expect(res.status).toBe(303);
      const to = res.headers.get('location')!;
      expect(to).toContain('recorded=b1%2F2026-03%2F1');
      const after = await (await clerk.get(to)).text();
      expect(after).toContain('已记录批次 b1/2026-03/1：3 行，合计 45.00 元，签名 1 次');
      expect(after).toMatch(/<code>b1\/2026-03\/1<\/code>[\s\S]*?45\.00[\s\S]*?d-clerk/);
      // 丙 was marked unpaid: still in the month's table; 甲 and 乙 paid and are not.
      expect([...tableRows(after).keys()]).toEqual([s]);
      expect((await showMember(t.deps, a)).duesThrough).toBe('2026-03');
      expect((await showMember(t.deps, s)).duesThrough).toBeNull();
      const member = await Client.login(t.app, 'd-member');
      const card = await (await member.get('/me')).text();
      expect(card).toMatch(/党费交至<\/dt><dd>2026年3月/);
      expect(card).toContain('按时交纳');
      // The credential the card's QR shows says so too (re-issued lazily, on this fetch).
      const cred = (await showMember(t.deps, a)).credential;
      const claims = JSON.parse(Buffer.from(cred.split('.')[1]!, 'base64url').toString('utf8')) as {
        due?: string;
      };
      expect(claims.due).toBe('2026-03');
    });

    it('prefills next month with each member’s standard amount: 3,000.00 元 → 15.00, 3,000.01 元 → 30.00', async () => {
      t.deps.clock.set('2026-04-02T02:00:00Z');
      await login();
      const html = await page('2026-04');
      const rows = tableRows(html);
      expect(valueOf(html, `a${rows.get(a)}`)).toBe('15.00');
      expect(valueOf(html, `a${rows.get(b)}`)).toBe('30.00');
      expect(valueOf(html, `a${rows.get(s)}`)).toBe('0.20');
      expect(valueOf(html, `b${rows.get(a)}`)).toBe('3000.00');
      expect(html).toMatch(/<option value="在职" selected="">在职<\/option>/);
    });

    it('a bad amount or a back-payment beyond six months: 422 naming row and column, nothing recorded', async () => {
      const html = await page('2026-04');
      const rows = tableRows(html);
      const fields: Record<string, string> = { org: 'b1', month: '2026-04', rows: '3' };
      for (const [id, i] of rows) {
        fields[`m${i}`] = id;
        fields[`k${i}`] = id === s ? '学生' : '在职';
        fields[`b${i}`] = id === s ? '' : id === a ? '3000.00' : '3000.01';
        fields[`a${i}`] = id === a ? '十五元' : '30.00';
      }
      const row = Number(rows.get(a)) + 1;
      const bad = await post(clerk, '/dues/record', { ...fields, backRows: '0' });
      expect(bad.status).toBe(422);
      const text = await bad.text();
      expect(text).toContain(`第 ${row} 行 实交金额（元）：金额应为元，最多两位小数`);
      expect(text).toContain('value="十五元"'); // what was typed stays
      expect(text).toMatch(/aria-invalid="true"/);
      const beyond = await post(clerk, '/dues/record', {
        ...fields,
        [`a${rows.get(a)}`]: '15.00',
        backRows: '1',
        bm0: s,
        bmo0: '2025-09',
        bk0: '学生',
        ba0: '0.20',
      });
      expect(beyond.status).toBe(422);
      expect(await beyond.text()).toContain('第 4 行 所属月份：超过可补交的月数');
      expect(await page('2026-04')).not.toContain('b1/2026-04/1');
      expect((await showMember(t.deps, a)).duesThrough).toBe('2026-03');
    });

    it('records April with a back-payment of March for the member who had not paid', async () => {
      const rows = tableRows(await page('2026-04'));
      const fields: Record<string, string> = { org: 'b1', month: '2026-04', rows: '3' };
      for (const [id, i] of rows) {
        fields[`m${i}`] = id;
        fields[`k${i}`] = id === s ? '学生' : '在职';
        fields[`b${i}`] = id === s ? '' : id === a ? '3000.00' : '3000.01';
        fields[`a${i}`] = id === a ? '15.00' : id === b ? '30.00' : '0.20';
      }
      // 甲 pays April later (by the upload below): not in this batch.
      delete fields[`m${rows.get(a)}`];
      fields.rows = '3';
      const res = await post(clerk, '/dues/record', {
        ...fields,
        [`m${rows.get(a)}`]: '',
        backRows: '1',
        bm0: s,
        bmo0: '2026-03',
        ba0: '0.20', // kind left blank: taken from 丙's row above
      });
      // A blank member in the table is an error row: refused unless the page's skip choice is made.
      expect(res.status).toBe(422);
      expect(await res.text()).toContain('不是本组织党员');
      const skipped = await post(clerk, '/dues/record', {
        ...fields,
        [`m${rows.get(a)}`]: '',
        backRows: '1',
        bm0: s,
        bmo0: '2026-03',
        ba0: '0.20',
        skipInvalid: '1',
      });
      expect(skipped.status).toBe(303);
      const shown = await (await clerk.get(skipped.headers.get('location')!)).text();
      expect(shown).toContain('已记录批次 b1/2026-04/1：3 行');
      expect(shown).toContain('以下 1 行有错误，未记录');
      expect(shown).toContain(`第 ${Number(rows.get(a)) + 1} 行 党员编号：不是本组织党员`);
      expect((await showMember(t.deps, s)).duesThrough).toBe('2026-04');
      expect((await showMember(t.deps, b)).duesThrough).toBe('2026-04');
    });

    it('upload: a CSV with a bad row is refused whole with its row and column; XLSX records', async () => {
      const head = ['党员编号', '姓名', '交纳类别', '税后月收入（元）', '实交金额（元）'];
      const bad = await upload(
        clerk,
        { org: 'b1', month: '2026-04' },
        {
          name: 'dues.csv',
          type: 'text/csv',
          bytes: csvOf([
            head,
            [a, '甲党员', '在职', '3000.00', '15.001'],
            ['nobody', 'x', '在职', '1', '1'],
          ]),
        },
      );
      expect(bad.status).toBe(422);
      const report = await bad.text();
      expect(report).toContain('第 2 行 实交金额（元）：金额应为元，最多两位小数');
      expect(report).toContain('第 3 行 党员编号：不是本组织党员');
      expect((await showMember(t.deps, a)).duesThrough).toBe('2026-03');
      const notCsv = await upload(
        clerk,
        { org: 'b1', month: '2026-04' },
        { name: 'x.csv', type: 'text/csv', bytes: csvOf([['姓名'], ['甲']]) },
      );
      expect(notCsv.status).toBe(422);
      expect(await notCsv.text()).toContain('无法读取文件');
      const xlsx = await duesXlsx(await duesTemplate(t.deps, 'b1', '2026-04'));
      const ok = await upload(
        clerk,
        { org: 'b1', month: '2026-04' },
        { name: 'dues.xlsx', type: 'application/octet-stream', bytes: xlsx },
      );
      expect(ok.status).toBe(303);
      const shown = await (await clerk.get(ok.headers.get('location')!)).text();
      expect(shown).toContain('已记录批次 b1/2026-04/2：1 行，合计 15.00 元');
      expect((await showMember(t.deps, a)).duesThrough).toBe('2026-04');
    });

    it('downloads the template as CSV (BOM, Chinese headers) and XLSX', async () => {
      t.deps.clock.set('2026-05-03T02:00:00Z');
      await login();
      const csv = await clerk.get('/dues.csv?org=b1&month=2026-05');
      expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      const bytes = new Uint8Array(await csv.arrayBuffer());
      expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = new TextDecoder().decode(bytes);
      expect(text.split('\r\n')[0]).toContain('实交金额（元）');
      expect(text).toContain(`${a},甲党员,2026-05,在职,3000.00,15.00,15.00,`);
      const xlsx = new Uint8Array(
        await (await clerk.get('/dues.xlsx?org=b1&month=2026-05')).arrayBuffer(),
      );
      expect([...xlsx.slice(0, 2)]).toEqual([0x50, 0x4b]);
    });

    it('lists members in arrears by the domain’s rule, and the member’s card shows the run', async () => {
      // 甲, 乙 and 丙 paid through April; May, June, July unpaid by the end of July.
      t.deps.clock.set('2026-08-03T02:00:00Z');
      await login();
      const html = await page('2026-08');
      expect(html).toMatch(/甲党员<\/a><\/td><td><span class="badge badge-warn">欠交提醒/);
      expect(html).toContain('3 个月');
      const member = await Client.login(t.app, 'd-member');
      expect(await (await member.get('/me')).text()).toContain('已连续 3 个月未交党费');
      const officerView = await (await clerk.get(`/members/${a}`)).text();
      expect(officerView).toMatch(/党费交至<\/dt><dd>2026年4月/);
    });

    it('the transfer letter states the due the transfer_out signed', async () => {
      await endorse(t.deps, {
        memberId: a,
        intent: { kind: 'transfer_out', to: 'b2', reason: '工作调动' },
        actor: { org: 'b1', officer: 'setup' },
      });
      const html = await (await clerk.get(`/members/${a}/letter`)).text();
      expect(html).toContain('党费已交到 2026年4月。');
    });

    it('a viewer sees the page but no form, and cannot post; English on ?lang=en', async () => {
      const viewer = await Client.login(t.app, 'd-viewer');
      const html = await page('2026-08', viewer);
      expect(html).toContain('您没有记录党费的权限');
      expect(html).not.toContain('action="/dues/record"');
      const res = await post(viewer, '/dues/record', { org: 'b1', month: '2026-08', rows: '0' });
      expect(res.status).toBe(403);
      const en = await (await clerk.get('/dues?org=b1&lang=en')).text();
      expect(en).toContain('Party dues');
      expect(en).toContain('Recorded batches');
      expect((await clerk.get('/dues?org=b3')).status).toBe(403);
    });
  });
}
