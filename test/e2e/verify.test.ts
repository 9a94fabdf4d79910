import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueCredential } from '../../src/crypto/credential.ts';
import { decodeJws } from '../../src/crypto/jws.ts';
import { revokeOrgKey, signerFor } from '../../src/service/keys.ts';
import {
  axe,
  browserSuiteEnabled,
  launch,
  screenshots,
  startWorld,
  watch,
  type Browser,
  type World,
} from './harness.ts';

const enabled = browserSuiteEnabled();

/** One changed character in the middle of the signature: still canonical base64url, wrong signature. */
function tamper(jws: string): string {
  const [h, p, s] = jws.split('.') as [string, string, string];
  const i = 20;
  const swapped = s[i] === 'A' ? 'B' : 'A';
  return `${h}.${p}.${s.slice(0, i)}${swapped}${s.slice(i + 1)}`;
}

describe.skipIf(!enabled)('核验 /v in Chromium', () => {
  let world: World;
  let browser: Browser;
  const link = (credential: string) => `${world.url}/v#${credential}`;

  beforeAll(async () => {
    world = await startWorld();
    browser = await launch({ mobile: true });
  });
  afterAll(async () => {
    await browser?.close();
    await world?.close();
  });

  async function verdictOf(page: import('playwright-core').Page) {
    await page.waitForSelector('body[data-state="done"]');
    return {
      verdict: await page.getAttribute('#verdict', 'data-verdict'),
      text: (await page.textContent('#verdict-text'))?.trim(),
      name: (await page.textContent('#f-name'))?.trim(),
    };
  }

  it('says 有效 for a fresh credential, then again with the network cut after the first load', async () => {
    const page = await browser.context.newPage();
    const w = watch(page, world.url);
    const credential = world.members.zhang!.credential;
    expect(credential.startsWith(`${world.url}/v#`) ? 'link' : 'jws').toBeTruthy();
    await page.goto(link(credential));
    expect(await verdictOf(page)).toEqual({ verdict: 'valid', text: '有效', name: '张建国' });
    expect(await page.textContent('#trust-age')).toMatch(/信任列表更新于 .+（0 天前）/);
    expect(await page.textContent('#newer')).toContain('这是该党员的最新状态');
    expect(await page.textContent('#f-org')).toBe('刑侦支队党支部');
    expect(await axe(page)).toEqual([]);
    await screenshots(page, 'verify-valid');
    // The service worker has the page, its assets and the trust list: go offline and reload.
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await browser.context.setOffline(true);
    w.allow.push(/\/\.well-known\/pmc\/head\//, /net::ERR_INTERNET_DISCONNECTED/);
    try {
      await page.reload();
      expect(await verdictOf(page)).toEqual({ verdict: 'valid', text: '有效', name: '张建国' });
      expect(await page.isVisible('#offline')).toBe(true);
      // A same-document navigation (new fragment only) re-verifies without a reload.
      await page.goto(link(tamper(credential)));
      expect((await verdictOf(page)).verdict).toBe('bad-signature');
    } finally {
      await browser.context.setOffline(false);
    }
    expect(w.problems).toEqual([]);
    await page.close();
  });

  it('says 签名无效 for one changed character, 未识别 when nothing was read', async () => {
    const page = await browser.context.newPage();
    const w = watch(page, world.url);
    await page.goto(link(tamper(world.members.li!.credential)));
    expect(await verdictOf(page)).toMatchObject({ verdict: 'bad-signature', text: '签名无效' });
    expect(await page.isVisible('#subject')).toBe(false);
    await screenshots(page, 'verify-bad-signature');
    await page.goto(`${world.url}/v#not-a-credential`);
    await page.reload();
    expect(await verdictOf(page)).toMatchObject({ verdict: 'unrecognised', text: '未识别' });
    await page.goto(`${world.url}/v`);
    await page.reload();
    expect(await verdictOf(page)).toMatchObject({ verdict: 'unrecognised', text: '未识别' });
    expect(await axe(page)).toEqual([]);
    expect(w.problems).toEqual([]);
    await page.close();
  });

  it('says 已过期 for an expired credential and 密钥已撤销 when its key was revoked', async () => {
    const d = world.deps;
    const now = d.now();
    const claims = decodeJws(world.members.wang!.credential, 'pmc+jwt', { kidOptional: true })
      .claims as unknown as Parameters<typeof issueCredential>[0];
    const expired = await issueCredential(
      { ...claims, iat: now - 1, exp: now },
      await signerFor(d, 'b1'),
    );
    const b4 = await signerFor(d, 'b4');
    const revoked = await issueCredential({ ...claims, iss: 'b4', iat: now }, b4);
    await revokeOrgKey(d, b4.kid, now, '测试：密钥泄露');
    const page = await browser.context.newPage();
    const w = watch(page, world.url);
    await page.goto(link(expired));
    expect(await verdictOf(page)).toMatchObject({ verdict: 'expired', text: '已过期' });
    await screenshots(page, 'verify-expired');
    await page.goto(link(revoked));
    await page.reload();
    expect(await verdictOf(page)).toMatchObject({ verdict: 'revoked', text: '密钥已撤销' });
    expect(await axe(page)).toEqual([]);
    expect(w.problems).toEqual([]);
    await page.close();
  });

  it('says 无法核验 offline with a cached trust list past its expiresAt', async () => {
    // Its own profile: the clock it moves applies to the whole browser context.
    const own = await launch({ mobile: true });
    const page = await own.context.newPage();
    const w = watch(page, world.url);
    await page.goto(link(world.members.zhang!.credential));
    expect((await verdictOf(page)).verdict).toBe('valid');
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await own.context.setOffline(true);
    w.allow.push(/net::ERR_INTERNET_DISCONNECTED/);
    try {
      // 31 days on: the cached list (valid 30 days) has expired, the credential (90 days) has not.
      await page.clock.install({ time: Date.now() + 31 * 86400_000 });
      await page.reload();
      expect(await verdictOf(page)).toMatchObject({ verdict: 'unverifiable', text: '无法核验' });
      expect(await page.textContent('#verdict-detail')).toContain('信任列表已于');
      await screenshots(page, 'verify-trust-expired');
    } finally {
      await own.close();
    }
    expect(w.problems).toEqual([]);
  });

  it('says 有效 with WebCrypto’s Ed25519 removed (the pure-JS fallback)', async () => {
    const b = await launch({ mobile: true });
    try {
      await b.context.addInitScript(() => {
        const subtle = crypto.subtle;
        const refuse = (alg: unknown) =>
          (typeof alg === 'string' ? alg : (alg as { name?: string })?.name) === 'Ed25519';
        const importKey = subtle.importKey.bind(subtle);
        const verify = subtle.verify.bind(subtle);
        subtle.importKey = ((...a: Parameters<SubtleCrypto['importKey']>) =>
          refuse(a[2])
            ? Promise.reject(new DOMException('Unrecognized name.', 'NotSupportedError'))
            : importKey(...a)) as SubtleCrypto['importKey'];
        subtle.verify = ((...a: Parameters<SubtleCrypto['verify']>) =>
          refuse(a[0])
            ? Promise.reject(new DOMException('Unrecognized name.', 'NotSupportedError'))
            : verify(...a)) as SubtleCrypto['verify'];
      });
      const page = await b.context.newPage();
      const w = watch(page, world.url);
      await page.goto(link(world.members.zhang!.credential));
      expect(await verdictOf(page)).toMatchObject({ verdict: 'valid', text: '有效' });
      expect(await page.getAttribute('body', 'data-engine')).toBe('noble');
      await page.goto(link(tamper(world.members.zhang!.credential)));
      expect((await verdictOf(page)).verdict).toBe('bad-signature');
      expect(w.problems).toEqual([]);
    } finally {
      await b.close();
    }
  });

  it('speaks English after the switch', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${world.url}/v?lang=en#${world.members.zhang!.credential}`);
    expect(await verdictOf(page)).toMatchObject({ verdict: 'valid', text: 'Valid' });
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await page.close();
  });
});
