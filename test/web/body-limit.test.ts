import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAGE_BODY_LIMIT } from '../../src/http/middleware/body.ts';
import type { Store } from '../../src/store/db.ts';
import { seedTree } from '../support/deps.ts';
import { Client, officer, testApp } from '../support/http.ts';
import { openTestStore } from '../support/stores.ts';

// Page posts are bounded before anything reads them (authenticate parses the form for _csrf).
describe('page post bodies', () => {
  let store: Store;
  let t: Awaited<ReturnType<typeof testApp>>;

  beforeAll(async () => {
    store = await openTestStore('pglite');
    t = await testApp(store);
    await seedTree(t.deps);
    await officer(t.deps, 'sec-b1', [{ org: 'b1', role: 'secretary' }]);
  });
  afterAll(async () => store?.close());

  const post = (path: string, bytes: number, headers: Record<string, string> = {}) =>
    t.app.request(path, {
      method: 'POST',
      body: `username=x&password=${'a'.repeat(bytes)}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    });

  it('refuses a form over the limit with 413, before the login is even tried', async () => {
    const res = await post('/login', PAGE_BODY_LIMIT + 1);
    expect(res.status).toBe(413);
    expect((await post('/login', 1000)).status).not.toBe(413);
  });

  it('lets an upload path carry a file larger than a form', async () => {
    const c = await Client.login(t.app, 'sec-b1');
    const res = await c.request('POST', '/dues/upload', `file=${'a'.repeat(PAGE_BODY_LIMIT + 1)}`, {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(res.status).not.toBe(413);
  });
});
