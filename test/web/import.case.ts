import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personAt, ROSTER_HEADERS, rosterRow } from '../../src/demo/people.ts';
import { toCsv } from '../../src/import/table.ts';
import { toXlsx } from '../../src/import/xlsx.ts';
import { listAudit } from '../../src/service/audit.ts';
import { readTable } from '../../src/service/import.ts';
import { enroll, showMember } from '../../src/service/members.ts';
import type { Store } from '../../src/store/db.ts';
import { seedTree } from '../support/deps.ts';
import { Client, officer, testApp } from '../support/http.ts';
import { openTestStore } from '../support/stores.ts';

const ORIGIN = 'https://pmc.example.cn';
const TODAY = '2026-03-01'; // the test clock's day

/** A multipart post as a browser sends the page's forms: the CSRF token as a field, our Origin. */
function send(
  client: Client,
  path: string,
  fields: Record<string, string>,
  file?: { name: string; bytes: Uint8Array; type?: string },
  headers: Record<string, string> = {},
) {
  const form = new FormData();
  form.set('_csrf', client.csrf ?? '');
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  if (file)
    form.set(
      'file',
      new File([file.bytes as BlobPart], file.name, { type: file.type ?? 'text/csv' }),
    );
  const h: Record<string, string> = { origin: ORIGIN, 'x-test-address': client.address };
  if (client.cookie) h.cookie = client.cookie;
  return client.app.request(path, { method: 'POST', headers: { ...h, ...headers }, body: form });
}

const csv = (headers: readonly string[], rows: string[][]) =>
  new TextEncoder().encode(toCsv(headers, rows));

/** The hidden fields of the preview's confirmation form. */
function confirmFields(html: string): Record<string, string> {
  const form = /<form[^>]*action="[^"]*\/import\/confirm"[\s\S]*?<\/form>/.exec(html)?.[0];
  if (!form) throw new Error('no confirmation form on the page');
  const out: Record<string, string> = {};
  for (const m of form.matchAll(/<input type="hidden" name="(\w+)" value="([^"]*)"/g))
    if (m[1] !== '_csrf') out[m[1]!] = m[2]!.replaceAll('&amp;', '&');
  return out;
}

const count = (html: string, id: string) =>
  Number(new RegExp(`id="count-${id}"><dt>[^<]*</dt><dd class="num">(\\d+)<`).exec(html)?.[1]);

/** 导入 page (src/web/import.tsx) over HTTP on a real database: preview, confirm, stale, refusals. */
export function runImportPages(driver: Store['driver']) {
  describe(`导入 page on ${driver}`, () => {
    let store: Store;
    let t: Awaited<ReturnType<typeof testApp>>;
    let sec: Client; // secretary at c1 (a 党委): roster and org tree
    let clerk: Client; // clerk at b1: roster only
    let n = 0;
    const people = (k: number) => Array.from({ length: k }, () => personAt(7, n++, TODAY));

    beforeAll(async () => {
      store = await openTestStore(driver);
      t = await testApp(store);
      await seedTree(t.deps);
      await officer(t.deps, 'i-sec', [{ org: 'c1', role: 'secretary' }]);
      await officer(t.deps, 'i-clerk', [{ org: 'b1', role: 'clerk' }]);
      await officer(t.deps, 'i-viewer', [{ org: 'b1', role: 'viewer' }]);
      sec = await Client.login(t.app, 'i-sec');
      clerk = await Client.login(t.app, 'i-clerk');
    });
    afterAll(async () => {
      await store?.close();
    });

    it('is linked from the org page; shows the uploads the officer may use, templates and the column help', async () => {
      const orgs = await (await sec.get('/orgs')).text();
      expect(orgs).toContain('href="/orgs/b1/import"');
      const html = await (await sec.get('/orgs/c1/import')).text();
      expect(html).toContain('导入党员花名册');
      expect(html).toContain('导入组织架构');
      expect(html).toContain('/import/templates/members.xlsx');
      expect(html).toContain('/import/templates/orgs.csv');
      expect(html).toMatch(/<th scope="row">公民身份号码<\/th><td>必填<\/td><td>18 位/);
      const forms = html.match(/<form method="post"[\s\S]*?<\/form>/g) ?? [];
      expect(forms.length).toBe(3); // logout and the two uploads
      for (const f of forms) expect(f).toContain(`name="_csrf" value="${sec.csrf}"`);
      // A clerk at b1 may enrol there, not reshape the tree; a viewer may do neither.
      const mine = await (await clerk.get('/orgs/b1/import')).text();
      expect(mine).toContain('导入党员花名册');
      expect(mine).not.toContain('导入组织架构');
      expect((await clerk.get('/orgs/c1/import')).status).toBe(403);
      const viewer = await Client.login(t.app, 'i-viewer');
      expect((await viewer.get('/orgs/b1/import')).status).toBe(403);
      expect(await (await viewer.get('/orgs')).text()).not.toContain('/import"');
    });

    it('blank templates: CSV with the BOM and XLSX, both with the headers the importer reads', async () => {
      const res = await sec.get('/import/templates/members.csv');
      expect(res.headers.get('content-type')).toContain('text/csv');
      expect(res.headers.get('content-disposition')).toContain("filename*=UTF-8''");
      const bytes = new Uint8Array(await res.arrayBuffer());
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      expect((await readTable(bytes)).headers).toEqual([...ROSTER_HEADERS]);
      const xlsx = new Uint8Array(
        await (await sec.get('/import/templates/orgs.xlsx')).arrayBuffer(),
      );
      expect((await readTable(xlsx)).headers).toEqual(['编码', '名称', '类型', '上级编码']);
      expect((await sec.get('/import/templates/other.xlsx')).status).toBe(404);
    });

    it('previews without writing: counts, the bad row by row and Chinese column; confirm needs skip-invalid, then enrols the rest', async () => {
      const [a, b, c] = people(3);
      const bad = rosterRow(c!, 'b1');
      bad[4] = `${bad[4]!.slice(0, 17)}${bad[4]![17] === '0' ? '1' : '0'}`; // a wrong check character
      const file = csv(ROSTER_HEADERS, [rosterRow(a!, 'b1'), bad, rosterRow(b!, 'b2')]);
      const res = await send(
        clerk,
        '/orgs/b1/import/upload',
        { kind: 'members' },
        { name: '花名册.csv', bytes: file },
      );
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain('这是预览，尚未写入任何数据');
      expect([count(html, 'new'), count(html, 'invalid'), count(html, 'changed')]).toEqual([
        1, 2, 0,
      ]);
      // Row 3 (the header is row 1) and the column as the file spells it, the reason in Chinese.
      expect(html).toMatch(
        /<td class="num">3<\/td><td>公民身份号码<\/td><td>公民身份号码校验码应为/,
      );
      // b2 is outside the clerk's b1.
      expect(html).toMatch(
        /<td class="num">4<\/td><td>所在党组织<\/td><td>党组织「b2」不在你管理的范围内/,
      );
      expect(html).toContain('跳过以上 2 行有误的行');
      const fields = confirmFields(html);
      expect(fields.kind).toBe('members');

      // Without the skip choice: refused, nothing written.
      const refused = await send(clerk, '/orgs/b1/import/confirm', fields);
      expect(refused.status).toBe(422);
      expect(await refused.text()).toContain('有 2 行有误，未导入');
      const before = await (await clerk.get('/members?org=b1')).text();
      expect(before).not.toContain(a!.name);

      const done = await send(clerk, '/orgs/b1/import/confirm', { ...fields, skipInvalid: '1' });
      expect(done.status).toBe(200);
      const result = await done.text();
      expect(result).toContain('已导入 1 名党员');
      const id = /<ol id="created"><li><a href="\/members\/([^"]+)">([^<]+)<\/a>/.exec(result);
      expect(id?.[2]).toBe(a!.name);
      expect((await showMember(t.deps, id![1]!)).org).toBe('b1');
      expect(await (await clerk.get('/members?org=b1')).text()).toContain(a!.name);
      expect(result).toContain('以下 2 行有误，已跳过');
      // Audited as the API does: the file's hash, rows, invalid, created.
      const audit = await listAudit(t.deps, ['b1'], { limit: 10 });
      const confirm = audit.find((e) => e.action === 'POST /orgs/:id/import/confirm members');
      expect(confirm?.detail).toMatchObject({ rows: 3, invalid: 2, created: 1, dryRun: false });
      expect(confirm?.detail).toHaveProperty('sha256', fields.sha256);
      expect(audit.some((e) => e.action === 'POST /orgs/:id/import/upload members')).toBe(true);
    });

    it('a re-imported member: the preview lists each changed field old → new and imports nothing over it', async () => {
      const [p] = people(1);
      const first = csv(ROSTER_HEADERS, [rosterRow(p!, 'b1')]);
      const up = await send(
        sec,
        '/orgs/c1/import/upload',
        { kind: 'members' },
        { name: 'a.csv', bytes: first },
      );
      const ok = await send(sec, '/orgs/c1/import/confirm', confirmFields(await up.text()));
      expect(ok.status).toBe(200);
      const row = rosterRow(p!, 'b2');
      row[0] = `${p!.name}新`;
      const again = await send(
        sec,
        '/orgs/c1/import/upload',
        { kind: 'members' },
        { name: 'b.csv', bytes: csv(ROSTER_HEADERS, [row]) },
      );
      const html = await again.text();
      expect([count(html, 'new'), count(html, 'changed')]).toEqual([0, 1]);
      expect(html).toContain('已登记但与文件不同（不会覆盖）');
      expect(html).toMatch(
        new RegExp(`<td>姓名</td><td>${p!.name}</td><td><ins>${p!.name}新</ins></td>`),
      );
      expect(html).toMatch(/<td>所在党组织<\/td><td>[^<]+（b1）<\/td><td><ins>[^<]+（b2）<\/ins>/);
      expect(html).toContain('文件中没有需要导入的新行');
      expect(html).not.toContain('/import/confirm');
    });

    it('confirms only the previewed file; a preview gone stale is checked again and shown, not applied', async () => {
      const [a, b] = people(2);
      const file = csv(ROSTER_HEADERS, [rosterRow(a!, 'b1'), rosterRow(b!, 'b1')]);
      const up = await send(
        sec,
        '/orgs/c1/import/upload',
        { kind: 'members' },
        { name: 'x.csv', bytes: file },
      );
      const fields = confirmFields(await up.text());
      // Other bytes under the previewed hash, or a hash the server did not seal: refused.
      const other = csv(ROSTER_HEADERS, [rosterRow(a!, 'b1')]);
      const swapped = { ...fields, file: Buffer.from(other).toString('base64url') };
      const r1 = await send(sec, '/orgs/c1/import/confirm', swapped);
      expect(r1.status).toBe(422);
      expect(await r1.text()).toContain('与预览的文件不一致');
      const { createHash } = await import('node:crypto');
      const resealed = {
        ...swapped,
        sha256: createHash('sha256').update(other).digest('base64url'),
      };
      expect((await send(sec, '/orgs/c1/import/confirm', resealed)).status).toBe(422);
      // Someone enrols b meanwhile: the confirmation shows the new preview (1 new, 1 unchanged).
      await enroll(t.deps, { ...b!, org: 'b1' }, { org: 'b1', officer: 'other' });
      const stale = await send(sec, '/orgs/c1/import/confirm', fields);
      expect(stale.status).toBe(409);
      const html = await stale.text();
      expect(html).toContain('预览之后系统中的数据已有变化');
      expect([count(html, 'new'), count(html, 'unchanged')]).toEqual([1, 1]);
      expect(await (await sec.get('/members?org=b1')).text()).not.toContain(a!.name);
      const done = await send(sec, '/orgs/c1/import/confirm', confirmFields(html));
      expect(done.status).toBe(200);
      expect(await done.text()).toContain('已导入 1 名党员');
    });

    it('reads an XLSX roster too; a preview is sealed for its officer: another cannot confirm it', async () => {
      const [a] = people(1);
      const bytes = await toXlsx(ROSTER_HEADERS, [rosterRow(a!, 'b1')]);
      const up = await send(
        sec,
        '/orgs/c1/import/upload',
        { kind: 'members' },
        { name: '花名册.xlsx', bytes, type: 'application/octet-stream' },
      );
      const html = await up.text();
      expect(html).toContain('共 1 行（xlsx）');
      expect(count(html, 'new')).toBe(1);
      const fields = confirmFields(html);
      await officer(t.deps, 'i-sec2', [{ org: 'c1', role: 'secretary' }]);
      const other = await Client.login(t.app, 'i-sec2');
      const refused = await send(other, '/orgs/c1/import/confirm', fields);
      expect(refused.status).toBe(422);
      expect(await refused.text()).toContain('与预览的文件不一致');
      // Nor for another org, by the one who previewed it.
      expect((await send(sec, '/orgs/b1/import/confirm', fields)).status).toBe(422);
      const done = await send(sec, '/orgs/c1/import/confirm', fields);
      expect(await done.text()).toContain('已导入 1 名党员');
      // The member list links to the roster import of the org shown.
      const list = await (await sec.get('/members?org=b1')).text();
      expect(list).toContain('href="/orgs/b1/import"');
      expect(list).toContain(a!.name);
    });

    it('imports an org tree under the org: preview, confirm, the new org in the tree', async () => {
      const file = csv(
        ['编码', '名称', '类型', '上级编码'],
        [
          ['pg-b7', '网页导入党支部', '党支部', 'c1'],
          ['pg-g7', '网页导入党小组', '党小组', 'pg-b7'],
          ['pg-x7', '越级', '党支部', 'c2'],
        ],
      );
      const up = await send(
        sec,
        '/orgs/c1/import/upload',
        { kind: 'orgs' },
        { name: 'o.csv', bytes: file },
      );
      const html = await up.text();
      expect([count(html, 'new'), count(html, 'invalid')]).toEqual([2, 1]);
      expect(html).toMatch(/<td class="num">4<\/td><td>上级编码<\/td>/);
      const done = await send(sec, '/orgs/c1/import/confirm', {
        ...confirmFields(html),
        skipInvalid: '1',
      });
      expect(done.status).toBe(200);
      expect(await done.text()).toContain('已导入 2 个组织');
      expect(await (await sec.get('/orgs')).text()).toContain('网页导入党小组');
      // A clerk may not import a tree, whatever the form says.
      const refused = await send(
        clerk,
        '/orgs/b1/import/upload',
        { kind: 'orgs' },
        { name: 'o.csv', bytes: file },
      );
      expect(refused.status).toBe(403);
    });

    it('a wrong file type, an empty file, a file too large: a page saying so, in Chinese and English', async () => {
      const up = (name: string, bytes: Uint8Array, lang = 'zh') =>
        send(
          sec,
          '/orgs/c1/import/upload',
          { kind: 'members' },
          { name, bytes },
          {
            'accept-language': lang,
          },
        );
      const empty = await up('花名册.csv', new Uint8Array(0));
      expect(empty.status).toBe(422);
      expect(await empty.text()).toContain('文件是空的');
      const emptyEn = await up('roster.csv', new Uint8Array(0), 'en');
      expect(await emptyEn.text()).toContain('The file is empty');
      const xls = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]);
      const old = await up('花名册.xls', xls);
      expect(old.status).toBe(415);
      expect(await old.text()).toContain('旧版 Excel 文件（.xls）');
      expect(await (await up('花名册.xls', xls, 'en')).text()).toContain('old Excel file (.xls)');
      const pdf = await up('scan.pdf', new TextEncoder().encode('%PDF-1.4\n'));
      expect(pdf.status).toBe(415);
      expect(await pdf.text()).toContain('“scan.pdf”不是表格文件');
      const broken = await up('r.xlsx', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]));
      expect(broken.status).toBe(415);
      const headerOnly = await up('r.csv', csv(ROSTER_HEADERS, []));
      expect(headerOnly.status).toBe(422);
      expect(await headerOnly.text()).toContain('没有数据行');
      // Over the page's own limit (6 MB), and over the body limit before any handler (8 MB).
      const big = await up('big.csv', new Uint8Array(6 * 1024 * 1024 + 1).fill(0x41));
      expect(big.status).toBe(413);
      expect(await big.text()).toContain('文件过大（6.0 MB，上限 6 MB）');
      const huge = await up('huge.csv', new Uint8Array(9 * 1024 * 1024).fill(0x41), 'en');
      expect(huge.status).toBe(413);
      expect(await huge.text()).toContain('The upload is too large (at most 8 MB)');
    });
  });
}
