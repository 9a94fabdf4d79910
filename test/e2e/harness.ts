/**
 * The browser test harness: the real server (startNodeServer, real store,
 * real crypto) on a free port, with a seeded tree, officers and a member, and
 * Debian's Chromium driven by playwright-core. Locally the suites skip with a
 * message when /usr/bin/chromium is absent; with CI=true they fail instead.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type ConsoleMessage, type Page } from 'playwright-core';
import QRCode from 'qrcode';
import { startNodeServer, type NodeServer } from '../../src/runtime/node.ts';
import { systemClock, type ServiceDeps } from '../../src/service/deps.ts';
import { enroll } from '../../src/service/members.ts';
import { addOrg } from '../../src/service/orgs.ts';
import type { Store } from '../../src/store/db.ts';
import { freePort } from '../workers/wrangler-dev.ts';
import { testDeps, seedTree } from '../support/deps.ts';
import { memberAccount, officer, PASSWORD } from '../support/http.ts';
import { person } from '../support/people.ts';
import { openTestStore } from '../support/stores.ts';

export const CHROMIUM = process.env.PMC_CHROMIUM ?? '/usr/bin/chromium';
export const HAVE_CHROMIUM = existsSync(CHROMIUM);
export const HAVE_FFMPEG = (() => {
  try {
    execFileSync('ffmpeg', ['-version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** Whether the browser suites run; in CI a missing browser is a failure, never a silent pass. */
export function browserSuiteEnabled(): boolean {
  if (HAVE_CHROMIUM && HAVE_FFMPEG) return true;
  const missing = [!HAVE_CHROMIUM && CHROMIUM, !HAVE_FFMPEG && 'ffmpeg'].filter(Boolean).join(', ');
  if (process.env.CI === 'true')
    throw new Error(`CI=true but ${missing} is missing: .ci/run installs chromium and ffmpeg`);
  console.warn(`browser tests SKIPPED: ${missing} not found (apt-get install -y chromium ffmpeg)`);
  return false;
}

export const ARTIFACTS = join(import.meta.dirname, 'artifacts');

export interface World {
  server: NodeServer;
  url: string;
  deps: ServiceDeps;
  store: Store;
  /** Members by label, with their first credential. */
  members: Record<string, { id: string; credential: string }>;
  close(): Promise<void>;
}

/**
 * Tree: root → c1 (committee) → b1, b2; root → c2 → b3. Officers: `sec-b1`
 * (secretary at b1), `sec-b2` (secretary at b2), `sec-b3` (secretary at b3,
 * outside c1's subtree). Members: `zhang` at b1 with a member login `zhang`.
 */
export async function startWorld(): Promise<World> {
  const store = await openTestStore('pglite');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const base = await testDeps(store);
  const deps: ServiceDeps = { ...base, now: systemClock, publicUrl: url };
  await seedTree(deps);
  await addOrg(deps, { id: 'b4', name: '经侦支队党支部', type: 'branch', parent: 'c1' });
  await officer(deps, 'sec-b1', [{ org: 'b1', role: 'secretary' }]);
  await officer(deps, 'sec-b2', [{ org: 'b2', role: 'secretary' }]);
  await officer(deps, 'sec-b3', [{ org: 'b3', role: 'secretary' }]);
  const actor = { org: 'b1', officer: 'setup' };
  const zhang = await enroll(deps, person({ name: '张建国', org: 'b1' }), actor);
  const li = await enroll(deps, person({ name: '李明', org: 'b1' }), actor);
  const wang = await enroll(deps, person({ name: '王芳', org: 'b1' }), actor);
  await memberAccount(deps, 'zhang', zhang.id);
  const server = await startNodeServer({
    service: deps,
    port,
    config: { cookieSecure: false, cacheRecheckMs: 0 },
    checkpointEveryMs: 0,
  });
  return {
    server,
    url,
    deps,
    store,
    members: { zhang, li, wang },
    close: async () => {
      await server.close();
      await store.close();
    },
  };
}

export { PASSWORD };

/** A fake-camera feed: the QR of `text` centred on white, as Chromium's --use-file-for-fake-video-capture wants. */
export async function qrVideo(text: string, dir: string): Promise<string> {
  const png = join(dir, 'qr.png');
  await QRCode.toFile(png, text, { errorCorrectionLevel: 'M', margin: 4, scale: 4 });
  const y4m = join(dir, 'qr.y4m');
  execFileSync('ffmpeg', [
    ...['-loglevel', 'error', '-y', '-loop', '1', '-i', png, '-t', '2', '-r', '10'],
    ...[
      '-vf',
      'scale=600:600:flags=neighbor,pad=1280:720:(ow-iw)/2:(oh-ih)/2:white,format=yuv420p',
    ],
    ...['-f', 'yuv4mpegpipe', y4m],
  ]);
  return y4m;
}

export async function qrPng(text: string, dir: string, name = 'photo.png'): Promise<string> {
  const file = join(dir, name);
  await QRCode.toFile(file, text, { errorCorrectionLevel: 'M', margin: 4, scale: 5 });
  return file;
}

/** What a page did wrong: console errors, failed requests, HTTP errors on our own origin. */
export interface Watch {
  problems: string[];
  /** Expected failures (e.g. a deliberate offline fetch) to leave out. */
  allow: RegExp[];
}

export function watch(page: Page, origin: string): Watch {
  // A request the page itself cancelled is no fault: Chromium reports net::ERR_ABORTED for a
  // fetch still in flight when the test navigates away or reloads (the verifier refreshes its
  // trust list in the background). Real failures carry other codes (CONNECTION_REFUSED, …).
  const w: Watch = { problems: [], allow: [/ net::ERR_ABORTED$/] };
  const allowed = (s: string) => w.allow.some((r) => r.test(s));
  page.on('console', (m: ConsoleMessage) => {
    if (m.type() === 'error' && !allowed(m.text())) w.problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => w.problems.push(`pageerror: ${e.message}`));
  page.on('requestfailed', (r) => {
    const s = `${r.method()} ${r.url()} ${r.failure()?.errorText}`;
    if (!allowed(s)) w.problems.push(`requestfailed: ${s}`);
  });
  page.on('response', (r) => {
    const s = `${r.status()} ${r.request().method()} ${r.url()}`;
    if (r.url().startsWith(origin) && r.status() >= 400 && !allowed(s))
      w.problems.push(`http: ${s}`);
  });
  return w;
}

export interface Browser {
  context: BrowserContext;
  dir: string;
  close(): Promise<void>;
}

/** A fresh Chromium profile; `video`: a .y4m for the fake camera. */
export async function launch(opts: { video?: string; mobile?: boolean } = {}): Promise<Browser> {
  const dir = mkdtempSync(join(tmpdir(), 'pmc-chromium-'));
  const args = [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--use-fake-ui-for-media-stream',
    '--use-fake-device-for-media-stream',
    ...(opts.video ? [`--use-file-for-fake-video-capture=${opts.video}`] : []),
  ];
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    args,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: opts.mobile ? { width: 390, height: 844 } : { width: 1280, height: 800 },
    ...(opts.mobile ? { deviceScaleFactor: 2, isMobile: true, hasTouch: true } : {}),
    permissions: ['camera'],
  });
  return {
    context,
    dir,
    close: async () => {
      await context.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Runs axe-core in the page; returns the serious and critical violations, as text. */
export async function axe(page: Page): Promise<string[]> {
  const source = (await import('node:fs')).readFileSync(
    new URL('../../node_modules/axe-core/axe.min.js', import.meta.url),
    'utf8',
  );
  await page.evaluate(source);
  const result = (await page.evaluate(`axe.run(document, { resultTypes: ['violations'] })`)) as {
    violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[];
  };
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
    );
}

/** Screenshots at phone and desktop width into the artifacts dir (gitignored; CI keeps them). */
export async function screenshots(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const size = page.viewportSize();
  for (const [label, vp] of [
    ['phone', { width: 390, height: 844 }],
    ['desktop', { width: 1280, height: 800 }],
  ] as const) {
    await page.setViewportSize(vp);
    await page.screenshot({ path: join(ARTIFACTS, `${name}-${label}.png`), fullPage: true });
  }
  if (size) await page.setViewportSize(size);
}

export const writeArtifact = (name: string, text: string) => {
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(join(ARTIFACTS, name), text);
};
