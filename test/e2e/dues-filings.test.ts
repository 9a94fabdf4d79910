import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { officer } from '../support/http.ts';
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

/** The month now, as the server sees it (the world runs on the real clock). */
const thisMonth = () => new Date().toISOString().slice(0, 7);
const zhMonth = (m: string) => `${m.slice(0, 4)}年${Number(m.slice(5, 7))}月`;

/** 党费 and 年报 through the pages in Chromium: the forms as an officer fills them, no API call of ours. */
describe.skipIf(!enabled)('党费 and 年报 pages in Chromium', () => {
  let world: World;
  let desktop: Browser;
  let phone: Browser;

  beforeAll(async () => {
    world = await startWorld();
    await officer(world.deps, 'sec-c1', [{ org: 'c1', role: 'secretary' }]);
    desktop = await launch();
    phone = await launch({ mobile: true });
  });
  afterAll(async () => {
    await desktop?.close();
    await phone?.close();
    await world?.close();
  });

  async function login(page: Page, username: string) {
    await page.goto(`${world.url}/login`);
    await page.fill('#f-username', username);
    await page.fill('#f-password', PASSWORD);
    await Promise.all([page.waitForNavigation(), page.click('form[action="/login"] button')]);
  }

  async function logout(page: Page) {
    await Promise.all([page.waitForNavigation(), page.click('form[action="/logout"] button')]);
  }

  async function clean(page: Page, name: string, w: ReturnType<typeof watch>) {
    expect(await axe(page), `${name}: axe`).toEqual([]);
    await screenshots(page, name);
    expect(w.problems, `${name}: console / requests`).toEqual([]);
  }

  /** The member's card on the phone: what 党费交至 says now. */
  async function duesOnCard(): Promise<string> {
    const page = await phone.context.newPage();
    await login(page, 'zhang');
    const text = (await page.textContent('dl.facts')) ?? '';
    await logout(page);
    await page.close();
    return text;
  }

  it('a secretary records the month through the 党费 page; the member’s card then shows the due moved', async () => {
    const month = thisMonth();
    expect(await duesOnCard()).toContain('党费交至未记录');
    const page = await desktop.context.newPage();
    const w = watch(page, world.url);
    await login(page, 'sec-b1');
    await page.click('nav a[href="/dues"]');
    expect(await page.textContent('h1')).toContain('党费');
    expect(await page.textContent('main')).toContain(`${month} 党费表`);
    await clean(page, 'dues', w);
    const rows = (
      await page.$$eval('form[action="/dues/record"] input[type=hidden]', (els) =>
        els.map((e) => ({ name: (e as HTMLInputElement).name, id: (e as HTMLInputElement).value })),
      )
    ).filter((r) => /^m\d+$/.test(r.name));
    expect(rows).toHaveLength(3);
    for (const r of rows) {
      const i = r.name.slice(1);
      await page.selectOption(`select[name="k${i}"]`, '在职');
      await page.fill(`input[name="b${i}"]`, '4000.00');
      await page.fill(`input[name="a${i}"]`, '40.00');
      if (r.id === world.members.wang!.id) await page.check(`input[name="u${i}"]`);
    }
    await Promise.all([
      page.waitForNavigation(),
      page.click('form[action="/dues/record"] button.primary'),
    ]);
    const notice = (await page.textContent('.notice-ok')) ?? '';
    expect(notice).toContain(`已记录批次 b1/${month}/1：3 行，合计 80.00 元，签名 1 次`);
    expect(await page.textContent('main')).toContain(`b1/${month}/1`);
    // Post/redirect/get: a reload shows the page, it does not record again.
    await page.reload();
    expect(await page.textContent('main')).not.toContain(`b1/${month}/2`);
    await clean(page, 'dues-recorded', w);
    await page.close();
    expect(await duesOnCard()).toContain(`党费交至${zhMonth(month)}`);
  });

  it('a branch files its annual figures and the committee accepts them, through the 年报 page', async () => {
    const year = new Date().getUTCFullYear() - 1;
    const page = await desktop.context.newPage();
    const w = watch(page, world.url);
    await login(page, 'sec-b1');
    await page.goto(`${world.url}/filings?org=b1&year=${year}`);
    expect(await page.textContent('#own-h')).toContain('刑侦支队党支部');
    await clean(page, 'filings-file', w);
    expect(await page.inputValue('#f-cover\\.filer')).toBe('sec-b1');
    await page.fill('#f-cover\\.responsible', '王书记');
    await page.fill('#f-cover\\.phone', '0571-88886666');
    await Promise.all([
      page.waitForNavigation(),
      page.click('form[action="/filings/file"] button.primary'),
    ]);
    expect(await page.textContent('.notice-ok')).toContain('已上报并签名');
    expect(await page.textContent('#filing-b1')).toContain('已上报');
    await logout(page);

    await login(page, 'sec-c1');
    await page.goto(`${world.url}/filings?org=c1&year=${year}`);
    expect(await page.textContent('#filing-b1')).toContain('已上报');
    await clean(page, 'filings-review', w);
    await Promise.all([
      page.waitForNavigation(),
      page.click('#filing-b1 form:has(input[value="accepted"]) button'),
    ]);
    expect(await page.textContent('.notice-ok')).toContain('已接收 刑侦支队党支部 的报表');
    expect(await page.textContent('#filing-b1')).toContain('已接收');
    expect(await page.textContent('#filing-b1')).toContain('核验通过');
    await clean(page, 'filings-accepted', w);
    await page.close();
  });
});
