/**
 * The Worker under the real Workers runtime: `wrangler dev` runs
 * src/runtime/worker.ts in workerd, its Hyperdrive binding pointed at a fresh
 * PostgreSQL database, and this suite talks to it over real HTTP only.
 *
 * Needs PostgreSQL (DATABASE_URL). Without it the suite is skipped with a
 * message locally, and fails in CI (CI=true), where it must run. If workerd
 * cannot start, it fails everywhere, with wrangler's output.
 */
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newKekText, type PublicJwk } from '../../src/crypto/keys.ts';
import { parseCheckpoint } from '../../src/crypto/merkle/checkpoint.ts';
import { verifyTrustList } from '../../src/crypto/trust-list.ts';
import { verifyBundle } from '../../src/crypto/verify-bundle.ts';
import { nodeVerifier } from '../../src/runtime/node-verifier.ts';
import { buildServiceDeps, systemClock, type ServiceDeps } from '../../src/service/deps.ts';
import type { Store } from '../../src/store/db.ts';
import { committedSize, latestCheckpoint } from '../../src/store/log.ts';
import { openPostgres } from '../../src/store/postgres.ts';
import { runCli } from '../support/cli.ts';
import { seedTree } from '../support/deps.ts';
import { memberAccount, officer, PASSWORD } from '../support/http.ts';
import { person } from '../support/people.ts';
import { applyGrants, createAppRole } from '../support/app-role.ts';
import { createTestDatabase } from '../support/stores.ts';
import { startWranglerDev, type WorkerUnderTest } from './wrangler-dev.ts';

const HAVE_DB = Boolean(process.env.DATABASE_URL);
const IN_CI = Boolean(process.env.CI);

if (!HAVE_DB && !IN_CI) {
  console.warn(
    '[workers smoke] SKIPPED: DATABASE_URL is not set, and the Worker needs PostgreSQL (through its Hyperdrive binding). Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx vitest run test/workers',
  );
}

/** A client over real HTTP: keeps the session cookie, sends the CSRF token on writes. */
class HttpClient {
  cookie?: string;
  csrf?: string;
  constructor(readonly base: string) {}

  static async login(base: string, username: string): Promise<HttpClient> {
    const c = new HttpClient(base);
    const res = await c.request('POST', '/api/session', { username, password: PASSWORD });
    if (res.status !== 201) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
    c.cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
    c.csrf = ((await res.json()) as { csrfToken: string }).csrfToken;
    return c;
  }

  request(method: string, path: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = {};
    if (this.cookie) headers.cookie = this.cookie;
    if (this.csrf && method !== 'GET') headers['x-csrf-token'] = this.csrf;
    if (body !== undefined) headers['content-type'] = 'application/json';
    return fetch(`${this.base}${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  }
  get = (path: string) => this.request('GET', path);
  post = (path: string, body: unknown) => this.request('POST', path, body);
}

describe.skipIf(!HAVE_DB && !IN_CI)(
  'the Worker under workerd (wrangler dev + PostgreSQL through the Hyperdrive binding)',
  () => {
    let db: { url: string; drop: () => Promise<void> };
    let worker: WorkerUnderTest;
    let store: Store | undefined;
    let deps: ServiceDeps;
    let rootJwk: PublicJwk;
    // The application role (docs/deploy.md step 3): a new role per run (roles are cluster-wide)
    // holding exactly docs/grants.sql, applied once the migrations made the tables.
    let role: { name: string; drop: () => Promise<void> };
    const kekText = newKekText();
    const started = performance.now();

    beforeAll(async () => {
      if (!HAVE_DB)
        throw new Error(
          'DATABASE_URL is not set: in CI the Workers smoke suite must run against PostgreSQL (.ci/run sets it)',
        );
      db = await createTestDatabase();
      role = await createAppRole();
      // The Worker connects as the application role, as deployed (docs/deploy.md): DML only, no DDL.
      const asApp = new URL(db.url);
      asApp.username = role.name;
      asApp.password = 'x';
      const t0 = performance.now();
      worker = await startWranglerDev({
        databaseUrl: asApp.toString(),
        secrets: { PMC_KEK: kekText },
      });
      console.log(
        `[workers smoke] workerd ready in ${Math.round(performance.now() - t0)} ms at ${worker.url}`,
      );
    });

    afterAll(async () => {
      await store?.close();
      await worker?.stop();
      await db?.drop();
      await role?.drop();
      console.log(`[workers smoke] suite took ${Math.round(performance.now() - started)} ms`);
    });

    it('refuses to serve, with a problem+json 503, while the schema is behind', async () => {
      const res = await fetch(`${worker.url}/.well-known/pmc/trust.json`);
      expect(res.status).toBe(503);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      const body = (await res.json()) as {
        type: string;
        code: string;
        missing: string[];
        detail: string;
      };
      expect(body).toMatchObject({
        type: 'urn:pmcert:problem:schema-behind',
        code: 'SCHEMA_BEHIND',
      });
      expect(body.missing).toContain('0000_core');
      expect(body.detail).toContain('pmcert migrate');
    });

    it('serves static assets from public/ (Workers static assets), even before the schema is there', async () => {
      const res = await fetch(`${worker.url}/assets/docs.css`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/css/);
    });

    it('`pmcert migrate` from Node brings the schema current; the Worker then serves', async () => {
      const env = { DATABASE_URL: db.url };
      const status = await runCli(['migrate', '--status'], { cwd: process.cwd(), env });
      expect(status.code).toBe(1);
      const run = await runCli(['migrate'], { cwd: process.cwd(), env });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('schema current');
      // docs/grants.sql, run by the owner after the migrations made the tables.
      await applyGrants(db.url, role.name);

      // The installation and the officers' logins, made from Node with the same KEK the Worker holds as a secret.
      store = await openPostgres(db.url, { max: 4, migrate: false });
      deps = await buildServiceDeps({
        db: store.db,
        kekText,
        publicUrl: worker.url,
        verifier: nodeVerifier(),
      });
      ({ rootJwk } = await seedTree(deps));
      await officer(deps, 'b1-sec', [{ org: 'b1', role: 'secretary' }]);
      await officer(deps, 'b3-org', [{ org: 'b3', role: 'organizer' }]);
    });

    it('/docs comes from the Worker, its stylesheet from the static assets', async () => {
      const page = await fetch(`${worker.url}/docs`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-security-policy')).toContain("style-src 'self'");
      const html = await page.text();
      const href = /<link rel="stylesheet" href="([^"]+)"/.exec(html)?.[1];
      expect(href).toBe('/assets/docs.css');
      expect((await fetch(`${worker.url}${href}`)).status).toBe(200);
    });

    it('trust list: served by the Worker and signed by the root', async () => {
      const json = await fetch(`${worker.url}/.well-known/pmc/trust.json`);
      expect(json.status).toBe(200);
      const list = (await json.json()) as { orgs: { id: string }[] };
      expect(list.orgs.map((o) => o.id)).toEqual(
        expect.arrayContaining(['root', 'c1', 'b1', 'b3']),
      );
      const jws = await fetch(`${worker.url}/.well-known/pmc/trust.jws`);
      expect(jws.status).toBe(200);
      const verified = await verifyTrustList(await jws.text(), rootJwk, nodeVerifier());
      expect(verified.orgs.length).toBe(list.orgs.length);
    });

    it('login → enroll → 转出签注 → 报到签注 → bundle export; the bundle verifies with the root key alone', async () => {
      const b1 = await HttpClient.login(worker.url, 'b1-sec');
      const enr = await b1.post('/api/members', person({ name: '张卫国' }));
      expect(enr.status).toBe(201);
      const member = (await enr.json()) as { id: string; credential: string };

      const out = await b1.post('/api/endorsements', {
        kind: 'transfer_out',
        credential: member.credential,
        to: 'b3',
        reason: '工作调动',
      });
      expect(out.status).toBe(201);
      const o = (await out.json()) as { credential: string; seq: number; as: string };
      expect(o).toMatchObject({ as: 'b1', seq: 2 });

      const b3 = await HttpClient.login(worker.url, 'b3-org');
      const arr = await b3.post('/api/endorsements', { kind: 'arrival', credential: o.credential });
      expect(arr.status).toBe(201);

      await memberAccount(deps, 'zhang', member.id);
      const me = await HttpClient.login(worker.url, 'zhang');
      const bundle = await me.get(`/api/members/${member.id}/bundle`);
      expect(bundle.status).toBe(200);
      expect(bundle.headers.get('content-type')).toBe('application/vnd.pmcert.bundle+json');
      const text = await bundle.text();
      const r = await verifyBundle(text, rootJwk, systemClock(), { verifier: nodeVerifier() });
      expect(r).toMatchObject({ valid: true });
      const parsed = JSON.parse(text) as {
        entries: string[];
        checkpoint: string | null;
        proofs: unknown[];
      };
      expect(parsed.entries).toHaveLength(3);
      // The Worker signed the checkpoint on demand (no timer runs there), and every entry is proven in it.
      expect(parsed.checkpoint).toContain(`${new URL(worker.url).host}/log`);
      expect(parsed.proofs).toHaveLength(3);

      const png = await me.get(`/api/members/${member.id}/qr.png`);
      expect(png.status).toBe(200);
      expect(png.headers.get('content-type')).toBe('image/png');
      // Drawn in workerd by qrcode's Node build (pngjs over node:zlib): it decodes to the QR link.
      const img = PNG.sync.read(Buffer.from(await png.arrayBuffer()));
      const mine = (await (await me.get('/api/me')).json()) as { member: { credential: string } };
      expect(jsQR(new Uint8ClampedArray(img.data), img.width, img.height)?.data).toBe(
        `${worker.url}/v#${mine.member.credential}`,
      );
    });

    it('the Cron Trigger signs a checkpoint for leaves no reader asked about', async () => {
      const b1 = await HttpClient.login(worker.url, 'b1-sec');
      expect((await b1.post('/api/members', person())).status).toBe(201);
      const before = (await latestCheckpoint(deps.db))!.size;
      const size = await committedSize(deps.db);
      expect(size).toBeGreaterThan(before);

      const cron = await fetch(`${worker.url}/__scheduled?cron=${encodeURIComponent('* * * * *')}`);
      expect(cron.status).toBe(200);
      expect((await latestCheckpoint(deps.db))!.size).toBe(size);

      const note = await (await fetch(`${worker.url}/log/checkpoint`)).text();
      const cp = parseCheckpoint(note.slice(0, note.indexOf('\n\n') + 1));
      expect(cp.size).toBe(size);
    });
  },
);
