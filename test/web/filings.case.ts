import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileAnnual } from '../../src/service/filings.ts';
import { enroll } from '../../src/service/members.ts';
import type { Store } from '../../src/store/db.ts';
import { seedTree } from '../support/deps.ts';
import { Client, officer, testApp } from '../support/http.ts';
import { person } from '../support/people.ts';
import { openTestStore } from '../support/stores.ts';

const ORIGIN = 'https://pmc.example.cn';

/** A form post as a browser makes it: urlencoded, our Origin, the CSRF token as a field. */
function post(client: Client, path: string, fields: Record<string, string>) {
  const body = new URLSearchParams({ _csrf: client.csrf ?? '', ...fields }).toString();
  return client.request('POST', path, body, {
    'content-type': 'application/x-www-form-urlencoded',
    origin: ORIGIN,
    'x-csrf-token': client.csrf ?? '',
  });
}

const COVER = {
  'cover.filer': '李干事',
  'cover.responsible': '王书记',
  'cover.phone': '0571-88886666',
  'cover.date': '2026-03-01',
};

/**
 * 年报 page actions (src/web/filings.tsx) over HTTP on a real database: 上报 with the cover and
 * the explanations the domain asks for, 接收 / 退回 by the parent, refusals in Chinese.
 */
export function runFilingPages(driver: Store['driver']) {
  describe(`年报 page actions on ${driver}`, () => {
    let store: Store;
    let t: Awaited<ReturnType<typeof testApp>>;
    let late: string;
    let branch: Client;
    let committee: Client;
    const filingsOf = async (c: Client, org: string) =>
      (await c.get(`/filings?org=${org}&year=2025`)).text();

    beforeAll(async () => {
      store = await openTestStore(driver);
      t = await testApp(store);
      t.deps.clock.set('2024-05-01T08:00:00Z');
      await seedTree(t.deps);
      // b1 filed 2024 with no member; then a member is entered dated inside 2024 (backdated), so
      // 2025's opening (last year's filed closing, 0) leaves a difference of 1 to explain.
      t.deps.clock.set('2025-01-05T08:00:00Z');
      await fileAnnual(t.deps, {
        org: 'b1',
        year: 2024,
        officer: 'setup',
        cover: { filer: 'a', responsible: 'b', phone: '1', date: '2025-01-05' },
      });
      t.deps.clock.set('2024-06-01T08:00:00Z');
      late = (
        await enroll(t.deps, person({ org: 'b1', name: '补录党员' }), {
          org: 'b1',
          officer: 'setup',
        })
      ).id;
      t.deps.clock.set('2026-03-01T08:00:00Z');
      await officer(t.deps, 'f-b1', [{ org: 'b1', role: 'secretary' }]);
      await officer(t.deps, 'f-c1', [{ org: 'c1', role: 'secretary' }]);
      await officer(t.deps, 'f-viewer', [{ org: 'c1', role: 'viewer' }]);
      branch = await Client.login(t.app, 'f-b1');
      committee = await Client.login(t.app, 'f-c1');
    });
    afterAll(async () => {
      await store?.close();
    });

    it('shows the org’s own figures and the 上报 form with the cover prefilled and the difference to explain', async () => {
      const html = await filingsOf(branch, 'b1');
      expect(html).toContain('本级上报：刑侦支队党支部');
      expect(html).toMatch(/差额<\/th><td class="num">1<\/td>/);
      expect(html).toContain('上年报出的年末数 0');
      expect(html).toContain('value="f-b1"'); // 填报人: the officer
      expect(html).toContain('value="2026-03-01"');
      expect(html).toContain('差额说明（差额不为零时必填）');
      expect(html).toContain('差额名单');
      const form = html.match(/<form method="post" action="\/filings\/file"[\s\S]*?<\/form>/)?.[0];
      expect(form).toContain(`name="_csrf" value="${branch.csrf}"`);
    });

    it('refuses a missing cover field, an unexplained difference and a missing name list, in Chinese, filing nothing', async () => {
      const { 'cover.responsible': _r, ...noResponsible } = COVER;
      const missing = await post(branch, '/filings/file', {
        org: 'b1',
        year: '2025',
        ...noResponsible,
      });
      expect(missing.status).toBe(422);
      const m = await missing.text();
      expect(m).toContain('请填写单位负责人。');
      expect(m).toMatch(/id="f-cover\.responsible"[^>]*aria-invalid="true"/);
      expect(m).toContain('value="0571-88886666"'); // what was typed stays
      const unexplained = await post(branch, '/filings/file', {
        org: 'b1',
        year: '2025',
        ...COVER,
      });
      expect(unexplained.status).toBe(422);
      const u = await unexplained.text();
      expect(u).toContain('未能办理：实有年末数与应有年末数不符（差额不为零），须填写差额说明');
      expect(u).toMatch(/id="f-explanations-difference"[^>]*aria-invalid="true"/);
      const noNames = await post(branch, '/filings/file', {
        org: 'b1',
        year: '2025',
        ...COVER,
        'explanations.difference': '补录2024年6月入党的党员一名',
      });
      expect(noNames.status).toBe(422);
      const n = await noNames.text();
      expect(n).toContain('须附名单');
      expect(n).toContain('补录2024年6月入党的党员一名</textarea>');
      expect(await filingsOf(branch, 'b1')).toMatch(/本级上报[\s\S]*?状态：可上报/);
    });

    it('files with the explanation and the name list (post/redirect/get); a second filing is refused while it awaits review', async () => {
      const res = await post(branch, '/filings/file', {
        org: 'b1',
        year: '2025',
        ...COVER,
        'explanations.difference': '补录2024年6月入党的党员一名',
        'nameLists.difference': late,
      });
      expect(res.status).toBe(303);
      const page = await (await branch.get(res.headers.get('location')!)).text();
      expect(page).toContain('已上报并签名，等待上级接收。');
      expect(page).toMatch(/本级上报[\s\S]*?状态：已上报 · 版本 1/);
      expect(page).toContain('当前状态为“已上报”，不能上报。');
      const again = await post(branch, '/filings/file', { org: 'b1', year: '2025', ...COVER });
      expect(again.status).toBe(422);
      expect(await again.text()).toContain('本年度报表已上报，正等待上级接收或退回');
    });

    it('the parent returns (a reason required) and, after the refiling, accepts', async () => {
      const html = await filingsOf(committee, 'c1');
      expect(html).toMatch(/id="filing-b1"[\s\S]*?已上报[\s\S]*?接收[\s\S]*?退回/);
      const review = { child: 'b1', year: '2025' };
      const bare = await post(committee, '/filings/review', { ...review, action: 'returned' });
      expect(bare.status).toBe(422);
      expect(await bare.text()).toContain('未能办理：须填写理由');
      const returned = await post(committee, '/filings/review', {
        ...review,
        action: 'returned',
        reason: '请附说明材料',
      });
      expect(returned.status).toBe(303);
      const after = await (await committee.get(returned.headers.get('location')!)).text();
      expect(after).toContain('已退回 刑侦支队党支部 的报表');
      expect(after).toMatch(/id="filing-b1"[\s\S]*?已退回 \(请附说明材料\)/);
      const mine = await filingsOf(branch, 'b1');
      expect(mine).toContain('退回理由：请附说明材料');
      const refiled = await post(branch, '/filings/file', {
        org: 'b1',
        year: '2025',
        ...COVER,
        'explanations.difference': '补录党员一名，材料已附',
        'nameLists.difference': late,
      });
      expect(refiled.status).toBe(303);
      const accepted = await post(committee, '/filings/review', { ...review, action: 'accepted' });
      expect(accepted.status).toBe(303);
      const done = await (await committee.get(accepted.headers.get('location')!)).text();
      expect(done).toContain('已接收 刑侦支队党支部 的报表，其数字已锁定。');
      expect(done).toMatch(/id="filing-b1"[\s\S]*?已接收[\s\S]*?<td>2<\/td>/);
      expect(await filingsOf(branch, 'b1')).toContain('当前状态为“已接收”，不能上报。');
    });

    it('the parent cannot file before every child is accepted: the page names the child', async () => {
      const html = await filingsOf(committee, 'c1');
      expect(html).toContain('暂不能上报：交警支队党支部');
      const res = await post(committee, '/filings/file', { org: 'c1', year: '2025', ...COVER });
      expect(res.status).toBe(422);
      expect(await res.text()).toContain('下级组织尚未全部上报并被接收（或免报）');
    });

    it('the parent grants an extension (a reason required), exempts b2, and then files its own', async () => {
      const noReason = await post(committee, '/filings/extend', {
        child: 'b2',
        year: '2025',
        until: '2026-04-30',
      });
      expect(noReason.status).toBe(422);
      expect(await noReason.text()).toContain('未能办理：须填写理由');
      const extended = await post(committee, '/filings/extend', {
        child: 'b2',
        year: '2025',
        until: '2026-04-30',
        reason: '系统故障',
      });
      expect(extended.status).toBe(303);
      expect(await (await committee.get(extended.headers.get('location')!)).text()).toContain(
        '已准予 交警支队党支部 延期上报。',
      );
      const exempted = await post(committee, '/filings/exempt', {
        child: 'b2',
        year: '2025',
        reason: '本年度新组建，无党员',
      });
      expect(exempted.status).toBe(303);
      const html = await (await committee.get(exempted.headers.get('location')!)).text();
      expect(html).toContain('已准予 交警支队党支部 本年度免报。');
      expect(html).toContain('免报: 本年度新组建，无党员');
      expect(html).not.toContain('暂不能上报');
      const filed = await post(committee, '/filings/file', { org: 'c1', year: '2025', ...COVER });
      expect(filed.status).toBe(303);
      expect(await (await committee.get(filed.headers.get('location')!)).text()).toContain(
        '已上报并签名',
      );
    });

    it('a viewer sees the filings but no action, and a review post is refused; English on ?lang=en', async () => {
      const viewer = await Client.login(t.app, 'f-viewer');
      const html = await filingsOf(viewer, 'c1');
      expect(html).toContain('刑侦支队党支部');
      expect(html).not.toContain('action="/filings/review"');
      expect(html).not.toContain('action="/filings/file"');
      expect(html).not.toContain('action="/filings/exempt"');
      const res = await post(viewer, '/filings/review', {
        child: 'b2',
        year: '2025',
        action: 'accepted',
      });
      expect(res.status).toBe(403);
      const en = await (await committee.get('/filings?org=c1&year=2025&lang=en')).text();
      expect(en).toContain('This organisation’s filing');
      expect(en).toContain('Accepted');
      expect((await branch.get('/filings?org=c2&year=2025')).status).toBe(403);
    });

    it('downloads the statistics table from the page: XLSX with merged group headers, CSV with a BOM', async () => {
      const html = await filingsOf(committee, 'c1');
      expect(html).toContain('href="/filings.xlsx?org=c1&amp;year=2025"');
      const x = await committee.get('/filings.xlsx?org=c1&year=2025');
      expect(x.status).toBe(200);
      expect(x.headers.get('content-disposition')).toContain('statistics-c1-2025.xlsx');
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(await x.arrayBuffer());
      const sheet = book.worksheets[0]!;
      const cells = sheet.getSheetValues().flat().map(String);
      expect(cells).toContain('实有党员数');
      expect(cells).toContain('刑侦支队党支部');
      expect((sheet.model as { merges?: string[] }).merges?.length).toBeGreaterThan(0);
      const bytes = new Uint8Array(
        await (await committee.get('/filings.csv?org=c1&year=2025')).arrayBuffer(),
      );
      expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const csv = new TextDecoder().decode(bytes);
      expect(csv).toContain('刑侦支队党支部');
      expect((await branch.get('/filings.csv?org=c2&year=2025')).status).toBe(403);
    });

    it('draws the org’s filed figures over the last five years, a year with no filing said so', async () => {
      const html = await filingsOf(branch, 'b1');
      const svg = html.slice(html.indexOf('aria-label="本级历年报出数（近五年）"'));
      expect(svg.length).toBeLessThan(html.length);
      const years = [...svg.matchAll(/font-size="12">(\d{4})<\/text>/g)].map((m) => m[1]);
      expect(years).toEqual(['2021', '2022', '2023', '2024', '2025']);
      expect(svg.split('未上报').length - 1).toBe(3); // 2021–2023
      expect(svg).toContain('年末 0 名'); // 2024, filed before the backdated entry
      expect(svg).toContain('年末 1 名'); // 2025
      const en = await (await branch.get('/filings?org=b1&year=2025&lang=en')).text();
      expect(en).toContain('1 at year end');
    });
  });
}
