import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  axe,
  browserSuiteEnabled,
  launch,
  PASSWORD,
  qrPng,
  qrVideo,
  screenshots,
  startWorld,
  watch,
  writeArtifact,
  type World,
} from './harness.ts';

const enabled = browserSuiteEnabled();

describe.skipIf(!enabled)('扫码签注 /scan in Chromium', () => {
  let world: World;
  let dir: string;
  const timings: string[] = [];

  beforeAll(async () => {
    world = await startWorld();
    dir = mkdtempSync(join(tmpdir(), 'pmc-scan-'));
  });
  afterAll(async () => {
    writeArtifact('scan-timings.txt', timings.join('\n') + '\n');
    await world?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function login(page: Page, username: string) {
    await page.goto(`${world.url}/login?next=%2Fscan`);
    await page.fill('input[name="username"]', username);
    await page.fill('input[name="password"]', PASSWORD);
    await Promise.all([page.waitForURL(/\/scan$/), page.click('button[type="submit"]')]);
  }

  const done = (page: Page) => page.waitForSelector('body[data-state="done"]');
  const kindsOf = (page: Page) =>
    page.$$eval('#action-buttons button', (bs) => bs.map((b) => (b as HTMLElement).dataset.kind));

  async function signTransferOut(page: Page, to: string, toName: string) {
    await page.click('#action-buttons button[data-kind="transfer_out"]');
    await page.fill('#f-to', toName.slice(0, 4));
    await page.click(`#f-to-results button[data-org="${to}"]`);
    await page.fill('#f-reason', '工作调动');
    await page.click('#review');
    expect(await page.textContent('#confirm-fields')).toContain(toName);
    await page.click('#confirm-sign');
    await page.waitForSelector('#signed:not(.pmc-hidden)');
    return (await page.getAttribute('#signed', 'data-credential'))!;
  }

  async function signArrival(page: Page) {
    await page.click('#action-buttons button[data-kind="arrival"]');
    await page.click('#review');
    await page.click('#confirm-sign');
    await page.waitForSelector('#signed:not(.pmc-hidden)');
    return (await page.getAttribute('#signed', 'data-credential'))!;
  }

  async function memberState(id: string) {
    const { showMember } = await import('../../src/service/members.ts');
    const m = await showMember(world.deps, id);
    return { org: m.org, status: m.status, kinds: m.entries.map((e) => e.kind) };
  }

  it('fake camera: 转出签注 at b1, then the destination scans the new QR and signs 报到签注', async () => {
    const zhang = world.members.zhang!;
    const origin = await launch({ mobile: true, video: await qrVideo(zhang.credential, dir) });
    let newCredential: string;
    try {
      const page = await origin.context.newPage();
      const w = watch(page, world.url);
      await login(page, 'sec-b1');
      await done(page);
      timings.push(
        `fake camera start → decoded: ${await page.getAttribute('body', 'data-decode-ms')} ms`,
      );
      expect(await page.textContent('#card-fields')).toContain('张建国');
      expect(await kindsOf(page)).toEqual(['transfer_out', 'temp_out']);
      expect(await axe(page)).toEqual([]);
      await screenshots(page, 'scan-card');
      newCredential = await signTransferOut(page, 'b2', '交警支队党支部');
      expect(await page.isVisible('#signed-qr')).toBe(true);
      await screenshots(page, 'scan-signed');
      expect(w.problems).toEqual([]);
    } finally {
      await origin.close();
    }
    expect(await memberState(zhang.id)).toMatchObject({ status: 'in_transit' });

    const dest = await launch({ mobile: true, video: await qrVideo(newCredential, dir) });
    try {
      const page = await dest.context.newPage();
      const w = watch(page, world.url);
      await login(page, 'sec-b2');
      await done(page);
      expect(await page.textContent('#card-fields')).toContain('转出在途');
      expect(await kindsOf(page)).toEqual(['arrival', 'transfer_return', 'flow_register']);
      await signArrival(page);
      expect(w.problems).toEqual([]);
    } finally {
      await dest.close();
    }
    expect(await memberState(zhang.id)).toEqual({
      org: 'b2',
      status: 'normal',
      kinds: ['enroll', 'transfer_out', 'arrival'],
    });
  });

  it('photo upload and a pasted link lead to the same journey', async () => {
    const li = world.members.li!;
    const b = await launch({ mobile: true });
    try {
      const page = await b.context.newPage();
      const w = watch(page, world.url);
      await login(page, 'sec-b1');
      await page.setInputFiles('#photo', await qrPng(li.credential, dir));
      await done(page);
      expect(await page.textContent('#card-fields')).toContain('李明');
      const moved = await signTransferOut(page, 'b2', '交警支队党支部');
      // The destination, with a pasted link instead of the camera (same browser, the other officer).
      await b.context.clearCookies();
      await login(page, 'sec-b2');
      await page.fill('#paste', `${world.url}/v#${moved}`);
      await page.click('#paste-form button[type="submit"]');
      await done(page);
      expect(await kindsOf(page)).toContain('arrival');
      await signArrival(page);
      expect(w.problems).toEqual([]);
    } finally {
      await b.close();
    }
    expect(await memberState(li.id)).toMatchObject({ org: 'b2', status: 'normal' });
  });

  it('an officer outside the member’s authority sees no action; a stale QR and a forged one are flagged', async () => {
    const wang = world.members.wang!;
    const b = await launch({ mobile: true });
    try {
      const page = await b.context.newPage();
      const w = watch(page, world.url);
      w.allow.push(/403 GET .*\/api\/members\/[^/]+$/, /status of 403/);
      await login(page, 'sec-b3');
      await page.fill('#usb', `${world.url}/v#${wang.credential}`);
      await page.press('#usb', 'Enter');
      await done(page);
      expect(await kindsOf(page)).toEqual(['flow_register']);
      // 流动党员登记 is the one thing a host may do; the rest is not offered.
      expect(await page.isVisible('#action-buttons button[data-kind="transfer_out"]')).toBe(false);
      // A changed character: no card from the server, no actions.
      const [h, p, s] = wang.credential.split('.') as [string, string, string];
      const forged = `${h}.${p}.${s.slice(0, 20)}${s[20] === 'A' ? 'B' : 'A'}${s.slice(21)}`;
      await page.fill('#paste', forged);
      await page.click('#paste-form button[type="submit"]');
      await done(page);
      expect(
        await page.$$eval('#warnings p', (ps) => ps.map((x) => (x as HTMLElement).dataset.warning)),
      ).toEqual(['scan.warn.badSignature']);
      expect(await page.isVisible('#actions')).toBe(false);
      await screenshots(page, 'scan-forged');
      expect(w.problems).toEqual([]);
    } finally {
      await b.close();
    }
  });
});
