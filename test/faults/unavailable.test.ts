import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { enroll } from '../../src/service/members.ts';
import { openPglite } from '../../src/store/pglite.ts';
import { openPostgres } from '../../src/store/postgres.ts';
import { seedTree } from '../support/deps.ts';
import { Client, json, officer, testApp } from '../support/http.ts';
import { person } from '../support/people.ts';
import { createTestDatabase } from '../support/stores.ts';
import { isDatabaseUnavailable } from '../../src/service/unavailable.ts';

type Problem = { status: number; code: string; retryAfter?: number; titles: { zh: string } };

/** Requests over the routes a database outage touches: session, reads, writes, public lists. */
async function probe(c: Client, memberId: string, credential: string) {
  return Promise.all([
    c.get('/api/me'),
    c.get(`/api/members/${memberId}`),
    c.get('/api/orgs/c1/alerts'),
    c.post('/api/endorsements', { kind: 'transfer_out', credential, to: 'b2' }),
    c.post('/api/members', person()),
    new Client(c.app).post('/api/session', { username: 'c1-sec', password: 'whatever it is' }),
    new Client(c.app).get('/readyz'),
    new Client(c.app).get('/log/checkpoint'),
  ]);
}

/** A web page while the database is away: 503 too, as a page, with Retry-After. */
async function expectPageUnavailable(c: Client) {
  const res = await c.get('/desk', { accept: 'text/html' });
  expect(res.status).toBe(503);
  expect(res.headers.get('content-type')).toMatch(/^text\/html/);
  expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
}

async function expectUnavailable(res: Response) {
  expect(res.status).toBe(503);
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
  const p = await json<Problem>(res);
  expect(p).toMatchObject({ status: 503, code: 'DATABASE_UNAVAILABLE' });
  expect(p.titles.zh).toBe('数据库暂时不可用，请稍后重试');
}

async function setUp(store: Awaited<ReturnType<typeof openPglite>>) {
  const t = await testApp(store);
  await seedTree(t.deps);
  await officer(t.deps, 'c1-sec', [{ org: 'c1', role: 'secretary' }]);
  const m = await enroll(t.deps, person({ org: 'b1' }), { org: 'b1', officer: 'test' });
  const c = await Client.login(t.app, 'c1-sec');
  return { t, c, m };
}

describe('database unavailable → 503 problem+json with Retry-After', () => {
  it.skipIf(!process.env.DATABASE_URL)(
    'PostgreSQL refusing connections for 10 s: /healthz 200, everything else 503, recovery without restart',
    async () => {
      const db = await createTestDatabase();
      const name = new URL(db.url).pathname.slice(1);
      const admin = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
      const store = await openPostgres(db.url, { max: 4 });
      try {
        const { t, c, m } = await setUp(store);
        expect((await new Client(t.app).get('/readyz')).status).toBe(200);
        // The test's own database refuses new connections, and its open ones are ended.
        await admin.unsafe(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
        await admin`select pg_terminate_backend(pid) from pg_stat_activity where datname = ${name}`;
        const statuses = new Map<number, number>();
        const until = Date.now() + 10_000;
        while (Date.now() < until) {
          const health = await new Client(t.app).get('/healthz');
          expect(health.status).toBe(200);
          for (const r of await probe(c, m.id, m.credential)) {
            statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
            if (r.status !== 200) await expectUnavailable(r);
          }
          await new Promise((r) => setTimeout(r, 250));
        }
        await expectPageUnavailable(c);
        console.log('while refusing (postgres):', Object.fromEntries(statuses));
        // The log's checkpoint may still come from memory; nothing is a 500.
        expect([...statuses.keys()].filter((s) => s !== 503 && s !== 200)).toEqual([]);
        // Enough rounds to mean something on a loaded machine too (a quiet one answers 150+).
        expect(statuses.get(503)).toBeGreaterThanOrEqual(20);
        // What is logged meanwhile is the audit trail failing to write, for the same reason.
        expect(t.errors.filter((e) => !isDatabaseUnavailable(e))).toEqual([]);

        await admin.unsafe(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
        const back = Date.now();
        let ready = 0;
        while (Date.now() - back < 15_000) {
          ready = (await new Client(t.app).get('/readyz')).status;
          if (ready === 200) break;
          await new Promise((r) => setTimeout(r, 100));
        }
        expect(ready).toBe(200);
        const readyAfter = Date.now() - back;
        // Every pooled connection comes back: a connection that failed last may answer one more
        // 503 (the client retries after Retry-After); then rounds of concurrent reads all succeed.
        const round = async () =>
          (await Promise.all(Array.from({ length: 6 }, () => c.get('/api/me')))).map(
            (r) => r.status,
          );
        const settling: number[] = [];
        for (let i = 0; i < 20; i++) {
          const r = await round();
          settling.push(...r);
          if (r.every((s) => s === 200)) break;
          await new Promise((res) => setTimeout(res, 250));
        }
        const after = [...(await round()), ...(await round()), ...(await round())];
        console.log(
          `ready ${readyAfter} ms after connections were allowed; settling: ${settling.filter((s) => s !== 200).length} of ${settling.length} not 200; then ${after.length} reads`,
        );
        expect(settling.filter((s) => s !== 200 && s !== 503)).toEqual([]);
        expect(after.filter((s) => s !== 200)).toEqual([]);
        const moved = await c.post('/api/endorsements', {
          kind: 'transfer_out',
          credential: m.credential,
          to: 'b2',
        });
        expect(moved.status).toBe(201);
      } finally {
        await admin.unsafe(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`).catch(() => {});
        await store.close();
        await admin.end();
        await db.drop();
      }
    },
  );

  it('PGlite closed under the app: /healthz 200, every database route 503', async () => {
    const store = await openPglite('memory://');
    const { t, c, m } = await setUp(store);
    await store.close();
    expect((await new Client(t.app).get('/healthz')).status).toBe(200);
    const statuses: number[] = [];
    for (const r of await probe(c, m.id, m.credential)) {
      statuses.push(r.status);
      if (r.status !== 200) await expectUnavailable(r);
    }
    await expectPageUnavailable(c);
    console.log('PGlite closed:', statuses.join(' '));
    expect(statuses.filter((s) => s === 503).length).toBeGreaterThanOrEqual(7);
    expect(t.errors.filter((e) => !isDatabaseUnavailable(e))).toEqual([]);
  });
});
