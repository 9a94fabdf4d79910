import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidInput } from '../../src/errors.ts';
import { enroll } from '../../src/service/members.ts';
import type { Store } from '../../src/store/db.ts';
import { seedTree } from '../support/deps.ts';
import { Client, json, officer, testApp } from '../support/http.ts';
import { person } from '../support/people.ts';
import { openTestStore } from '../support/stores.ts';

/**
 * The route's body and the service's input are one zod schema: each input
 * the one refuses, the other refuses for the same field (they used to
 * disagree: the route let 2010-02-30 through, the service any ID length).
 */
describe('enrolment input, over HTTP and through the service', () => {
  let store: Store;
  let t: Awaited<ReturnType<typeof testApp>>;
  let b1: Client;

  beforeAll(async () => {
    store = await openTestStore('pglite');
    t = await testApp(store);
    await seedTree(t.deps);
    await officer(t.deps, 'b1-sec', [{ org: 'b1', role: 'secretary' }]);
    b1 = await Client.login(t.app, 'b1-sec');
  });
  afterAll(async () => {
    await store?.close();
  });

  it.each([
    ['birth', { birth: '1988-02-30' }],
    ['nationalId', { nationalId: '11010519880' }],
    ['org', { org: 'x'.repeat(33) }],
    ['gender', { gender: 'X' as 'M' }],
    ['input', { nickname: '小李' } as object],
  ])('refuses a bad %s in both places', async (field, over) => {
    const body = { ...person(), ...over };
    const res = await b1.post('/api/members', body);
    expect(res.status).toBe(400);
    const problem = await json<{ field: string }>(res);
    const err = await enroll(t.deps, body, { org: 'b1', officer: 'b1-sec' }).catch((e) => e);
    expect(err).toBeInstanceOf(InvalidInput);
    // An unknown key is named by zod at the object (the body), not at the key.
    if (field === 'input') expect([problem.field, err.field]).toEqual(['body', 'input']);
    else expect([problem.field, err.field]).toEqual([field, field]);
  });

  it('accepts the same body in both places, defaults applied once', async () => {
    expect((await b1.post('/api/members', person())).status).toBe(201);
    const { id } = await enroll(t.deps, person({ personnel: undefined }), {
      org: 'b1',
      officer: 'b1-sec',
    });
    expect(id).toMatch(/\w+/);
  });
});
