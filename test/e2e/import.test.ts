import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personAt, ROSTER_HEADERS, rosterRow } from '../../src/demo/people.ts';
import { toCsv } from '../../src/import/table.ts';
import {
  axe,
  browserSuiteEnabled,
  launch,
  PASSWORD,
  screenshots,
  startWorld,
  watch,
  type Browser,
  type World,
} from './harness.ts';

const enabled = browserSuiteEnabled();

/** 导入 through the page in Chromium, on a phone: choose file → preview → confirm → the members listed. */
describe.skipIf(!enabled)('导入 page in Chromium', () => {
  let world: World;
  let phone: Browser;
  const today = new Date().toISOString().slice(0, 10); // the world runs on the real clock
  const [a, b, c] = [0, 1, 2].map((n) => personAt(31, n, today));

  beforeAll(async () => {
    world = await startWorld();
    phone = await launch({ mobile: true });
  });
  afterAll(async () => {
    await phone?.close();
    await world?.close();
  });

  async function login(page: Page, username: string) {
    await page.goto(`${world.url}/login`);
    await page.fill('#f-username', username);
    await page.fill('#f-password', PASSWORD);
    await Promise.all([page.waitForNavigation(), page.click('form[action="/login"] button')]);
  }

  async function choose(page: Page, name: string, rows: string[][]) {
    await page.setInputFiles('#file-members', {
      name,
      mimeType: 'text/csv',
      buffer: Buffer.from(toCsv(ROSTER_HEADERS, rows)),
    });
    await Promise.all([
      page.waitForNavigation(),
      page.click('form[action="/orgs/b1/import/upload"] button[type=submit]'),
    ]);
  }

  async function clean(page: Page, name: string, w: ReturnType<typeof watch>) {
    expect(await axe(page), `${name}: axe`).toEqual([]);
    await screenshots(page, name);
    expect(w.problems, `${name}: console / requests`).toEqual([]);
  }

  it('a CSV with one bad row: the preview names row and column; confirmed with skip-invalid, the others are in the member list', async () => {
    const page = await phone.context.newPage();
    const w = watch(page, world.url);
    await login(page, 'sec-b1');
    await page.goto(`${world.url}/orgs`);
    await Promise.all([page.waitForNavigation(), page.click('a[href="/orgs/b1/import"]')]);
    expect(await page.textContent('h1')).toContain('导入');
    await clean(page, 'import', w);

    const bad = rosterRow(c!, 'b1');
    bad[3] = '1950-13-01'; // 出生日期: no 13th month
    await choose(page, '花名册.csv', [rosterRow(a!, 'b1'), rosterRow(b!, 'b1'), bad]);
    expect(await page.textContent('main')).toContain('这是预览，尚未写入任何数据');
    expect(await page.textContent('#count-new dd')).toBe('2');
    expect(await page.textContent('#count-invalid dd')).toBe('1');
    const problem = await page.$$eval('#problems tbody tr', (trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)),
    );
    expect(problem[0]?.slice(0, 2)).toEqual(['4', '出生日期']);
    expect(problem[0]?.[2]).toContain('不是有效日期');
    await clean(page, 'import-preview', w);

    // Nothing is written by the preview.
    const list = await phone.context.newPage();
    await list.goto(`${world.url}/members?org=b1`);
    expect(await list.textContent('main')).not.toContain(a!.name);

    await page.check('input[name=skipInvalid]');
    await Promise.all([
      page.waitForNavigation(),
      page.click('form[action="/orgs/b1/import/confirm"] button[type=submit]'),
    ]);
    expect(await page.textContent('main')).toContain('已导入 2 名党员');
    expect(await page.$$eval('#created a', (as) => as.map((x) => x.textContent))).toEqual([
      a!.name,
      b!.name,
    ]);
    await clean(page, 'import-result', w);
    await Promise.all([page.waitForNavigation(), page.click('a[href="/members?org=b1"]')]);
    const members = (await page.textContent('main')) ?? '';
    expect(members).toContain(a!.name);
    expect(members).toContain(b!.name);
    expect(members).not.toContain(c!.name);
    await list.close();
    await page.close();
  });

  it('re-importing a changed file: the preview shows the changed field old → new, and nothing to confirm', async () => {
    const page = await phone.context.newPage();
    const w = watch(page, world.url);
    await login(page, 'sec-b1');
    await page.goto(`${world.url}/orgs/b1/import`);
    const changed = rosterRow(a!, 'b1');
    changed[9] = changed[9] === '是' ? '否' : '是'; // 是否干部
    await choose(page, '花名册-改.csv', [changed, rosterRow(b!, 'b1')]);
    expect(await page.textContent('#count-changed dd')).toBe('1');
    expect(await page.textContent('#count-unchanged dd')).toBe('1');
    const cells = await page.$$eval('#changes tbody tr td', (tds) =>
      tds.map((td) => td.textContent),
    );
    expect(cells.slice(2)).toEqual(['是否干部', a!.cadre ? '是' : '否', a!.cadre ? '否' : '是']);
    expect(await page.textContent('main')).toContain('文件中没有需要导入的新行');
    expect(await page.$('form[action="/orgs/b1/import/confirm"]')).toBeNull();
    await clean(page, 'import-changed', w);
    await page.close();
  });
});
