import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/db.ts';
import { seedTree } from '../support/deps.ts';
import { Client, json, officer, testApp } from '../support/http.ts';
import { person } from '../support/people.ts';
import { DRIVERS, openTestStore } from '../support/stores.ts';

type Problem = {
  status: number;
  code: string;
  current?: { seq: number; credential: string };
  changed?: { seq: number; kind: string; org: string; text: { zh: string; en: string } }[];
};

const ROUNDS = 25;

/**
 * Two officers at the destination scan the same QR at the same moment: the
 * member's row and entries are read as of one state, so the one who loses
 * gets 409 with the credential that exists now and the sentence that says
 * what happened ("已由 … 于 … 签注报到"), never 422 NOT_IN_TRANSIT.
 */
describe.each(DRIVERS)('two officers racing on one member (%s)', (driver) => {
  let store: Store;
  let t: Awaited<ReturnType<typeof testApp>>;
  let b1: Client, b3a: Client, b3b: Client;

  beforeAll(async () => {
    store = await openTestStore(driver);
    t = await testApp(store);
    await seedTree(t.deps);
    await officer(t.deps, 'b1-sec', [{ org: 'b1', role: 'secretary' }]);
    await officer(t.deps, 'b3-a', [{ org: 'b3', role: 'organizer' }]);
    await officer(t.deps, 'b3-b', [{ org: 'b3', role: 'secretary' }]);
    [b1, b3a, b3b] = await Promise.all([
      Client.login(t.app, 'b1-sec'),
      Client.login(t.app, 'b3-a'),
      Client.login(t.app, 'b3-b'),
    ]);
  });
  afterAll(async () => {
    await store?.close();
  });

  it(`exactly one 2xx per race, the loser 409 with the current credential and what changed (${ROUNDS} races)`, async () => {
    const tally = { won: 0, lost409: 0, other: [] as string[] };
    for (let i = 0; i < ROUNDS; i++) {
      const enr = await json<{ credential: string }>(
        await b1.post(
          '/api/members',
          person({ birth: `1980-01-${String(1 + (i % 28)).padStart(2, '0')}` }),
        ),
      );
      const out = await json<{ credential: string }>(
        await b1.post('/api/endorsements', {
          kind: 'transfer_out',
          credential: enr.credential,
          to: 'b3',
        }),
      );
      const body = { kind: 'arrival', credential: out.credential };
      const [ra, rb] = await Promise.all([
        b3a.post('/api/endorsements', body),
        b3b.post('/api/endorsements', body),
      ]);
      const ok = [ra, rb].filter((r) => r.status === 201);
      const losers = [ra, rb].filter((r) => r.status !== 201);
      expect(ok).toHaveLength(1);
      tally.won++;
      const winner = await json<{ credential: string; seq: number }>(ok[0]!);
      for (const r of losers) {
        const p = await json<Problem>(r);
        if (r.status !== 409) {
          tally.other.push(`${r.status} ${p.code}`);
          continue;
        }
        tally.lost409++;
        expect(p.current).toEqual({ seq: winner.seq, credential: winner.credential });
        expect(p.changed).toHaveLength(1);
        expect(p.changed![0]).toMatchObject({ seq: 3, kind: 'arrival', org: 'b3' });
        expect(p.changed![0]!.text.zh).toMatch(
          /^已由 第一中学党支部 于 \d{4}-\d\d-\d\d \d\d:\d\d 签注报到$/,
        );
        expect(p.changed![0]!.text.en).toMatch(/^arrival already signed by 第一中学党支部 at /);
      }
    }
    console.log(
      `races ${ROUNDS}: won ${tally.won}, lost with 409 ${tally.lost409}, other ${tally.other.length}`,
    );
    expect(tally.other).toEqual([]);
    expect(tally.lost409).toBe(ROUNDS);
  });
});
