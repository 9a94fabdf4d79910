import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endorse } from '../../src/service/endorse.ts';
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

/** The server-rendered pages (src/web/) in Chromium: no script of ours runs on them. */
describe.skipIf(!enabled)('web pages in Chromium', () => {
  let world: World;
  let desktop: Browser;
  let phone: Browser;

  beforeAll(async () => {
    world = await startWorld();
    // An open transfer, so the dashboard and the letter have something to show.
    await endorse(world.deps, {
      memberId: world.members.li!.id,
      intent: { kind: 'transfer_out', to: 'b2', reason: '工作调动' },
      actor: { org: 'b1', officer: 'setup' },
    });
    desktop = await launch();
    phone = await launch({ mobile: true });
  });
  afterAll(async () => {
    await desktop?.close();
    await phone?.close();
    await world?.close();
  });

  /** Logs in through the form, by keyboard only: Tab to each field, type, Enter. */
  async function loginByKeyboard(page: Page, username: string) {
    await page.goto(`${world.url}/`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.keyboard.press('Tab'); // the skip link comes first
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('skip');
    await page.focus('#f-username');
    await page.keyboard.type(username);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('f-password');
    await page.keyboard.type(PASSWORD);
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  }

  async function clean(page: Page, name: string, w: ReturnType<typeof watch>) {
    const violations = await axe(page);
    expect(violations, `${name}: axe`).toEqual([]);
    await screenshots(page, name);
    expect(w.problems, `${name}: console / requests`).toEqual([]);
  }

  it('an officer logs in by keyboard and every office page is clean (console, requests, axe)', async () => {
    const page = await desktop.context.newPage();
    const w = watch(page, world.url);
    await loginByKeyboard(page, 'sec-b1');
    expect(new URL(page.url()).pathname).toBe('/desk');
    expect(await page.textContent('h1')).toBe('工作台');
    expect(await page.textContent('main')).toContain('李明');
    await clean(page, 'desk', w);
    for (const [path, name] of [
      ['/members', 'members'],
      [`/members/${world.members.li!.id}`, 'member'],
      [`/members/${world.members.li!.id}/letter`, 'letter'],
      ['/orgs', 'orgs'],
      ['/members/new', 'enrol'],
      ['/accounts', 'accounts'],
      ['/password', 'password'],
    ] as const) {
      const res = await page.goto(`${world.url}${path}`);
      expect(res?.status(), path).toBe(200);
      await clean(page, name, w);
    }
    // The enrol form keeps its errors beside the fields, reachable by keyboard.
    await page.goto(`${world.url}/members/new`);
    await page.fill('#f-name', '新党员');
    await page.fill('#f-nationalId', '110105198805201234');
    await page.fill('#f-birth', '1988-05-20');
    await page.fill('#f-joined', '2012-07-01');
    await Promise.all([page.waitForNavigation(), page.click('button[type=submit].primary')]);
    expect(await page.getAttribute('#f-nationalId', 'aria-invalid')).toBe('true');
    expect(await page.textContent('#f-nationalId-err')).toContain('GB 11643');
    await clean(page, 'enrol-error', {
      ...w,
      problems: w.problems.filter((p) => !/ 422 /.test(p)),
    });
    // Logout by keyboard from the header.
    await page.focus('form[action="/logout"] button');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.close();
  });

  it('a member sees their card on a phone, enlarges the QR, prints, and switches to English', async () => {
    const page = await phone.context.newPage();
    const w = watch(page, world.url);
    await loginByKeyboard(page, 'zhang');
    expect(new URL(page.url()).pathname).toBe('/me');
    expect(await page.textContent('main')).toContain('张建国');
    expect(await page.isVisible('#qr-full')).toBe(false);
    const qr = await page.$eval('.qr-box img', (img) => (img as HTMLImageElement).naturalWidth);
    expect(qr).toBeGreaterThan(0); // the QR image loaded
    await clean(page, 'card', w);
    await page.click('.qr-box a');
    expect(await page.isVisible('#qr-full')).toBe(true);
    await screenshots(page, 'card-enlarged');
    await page.goto(`${world.url}/me/print`);
    await page.emulateMedia({ media: 'print' });
    expect(await page.isVisible('header.top')).toBe(false);
    const card = await page.$eval('.card', (el) => el.getBoundingClientRect().width);
    expect(card).toBeGreaterThan(300); // 85.6 mm at 96 dpi ≈ 323 px
    await page.emulateMedia({ media: 'screen' });
    await page.goto(`${world.url}/me`);
    await Promise.all([page.waitForNavigation(), page.click('a[hreflang="en"]')]);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.textContent('h1')).toBe('My member certificate');
    await page.goto(`${world.url}/me`); // the choice is kept
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await clean(page, 'card-en', w);
    await page.close();
  });

  it('a member cannot open another member’s page; a forged cross-site form post is refused', async () => {
    const page = await phone.context.newPage();
    const res = await page.goto(`${world.url}/members/${world.members.wang!.id}`);
    expect(res?.status()).toBe(403);
    // A form on another origin posting to logout: the Origin check refuses it, the session stays.
    await page.setContent(
      `<form method="post" action="${world.url}/logout"><button>go</button></form>`,
    );
    const [forged] = await Promise.all([page.waitForNavigation(), page.click('button')]);
    expect(forged?.status()).toBe(403);
    const after = await page.goto(`${world.url}/me`);
    expect(after?.status()).toBe(200);
    await page.close();
  });
});
