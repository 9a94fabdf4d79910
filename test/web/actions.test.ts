import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endorse } from '../../src/service/endorse.ts';
import { enroll } from '../../src/service/members.ts';
import type { Store } from '../../src/store/db.ts';
import { seedTree } from '../support/deps.ts';
import { Client, officer, testApp } from '../support/http.ts';
import { person } from '../support/people.ts';
import { DRIVERS, openTestStore } from '../support/stores.ts';

interface Actions {
  head: { seq: number };
  actions: { kind: string; as: string; defaults: Record<string, unknown> }[];
  unavailable: { kind: string; reason: string }[];
}

for (const driver of DRIVERS)
  describe(`GET /api/members/{id}/actions on ${driver}`, () => {
    let store: Store;
    let t: Awaited<ReturnType<typeof testApp>>;
    let member: string;
    const actionsOf = async (who: string, id = member) => {
      const c = await Client.login(t.app, who);
      const res = await c.request('GET', `/api/members/${id}/actions`);
      expect(res.status).toBe(200);
      return (await res.json()) as Actions;
    };
    const kinds = (a: Actions) => a.actions.map((x) => `${x.kind}@${x.as}`);

    beforeAll(async () => {
      store = await openTestStore(driver);
      t = await testApp(store);
      await seedTree(t.deps);
      await officer(t.deps, 'sec-b1', [{ org: 'b1', role: 'secretary' }]);
      await officer(t.deps, 'clerk-b1', [{ org: 'b1', role: 'clerk' }]);
      await officer(t.deps, 'sec-b2', [{ org: 'b2', role: 'secretary' }]);
      await officer(t.deps, 'sec-b3', [{ org: 'b3', role: 'secretary' }]);
      member = (await enroll(t.deps, person({ org: 'b1' }), { org: 'b1', officer: 'setup' })).id;
    });
    afterAll(async () => store?.close());

    it('offers the member’s own secretary what the rules allow now, with the defaults', async () => {
      const a = await actionsOf('sec-b1');
      expect(kinds(a)).toEqual(['transfer_out@b1', 'temp_out@b1']);
      expect(a.actions[0]!.defaults).toEqual({
        validDays: t.deps.rules.transferValidDays,
        maxValidDays: t.deps.rules.transferMaxValidDays,
      });
      expect(a.unavailable).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ kind: 'arrival', reason: 'NOT_IN_TRANSIT' }),
          expect.objectContaining({ kind: 'temp_return', reason: 'NO_OPEN_TEMP' }),
        ]),
      );
      // A clerk may issue a 证明信 but not sign a transfer (the authorisation matrix).
      const clerk = await actionsOf('clerk-b1');
      expect(kinds(clerk)).toEqual(['temp_out@b1']);
      expect(clerk.unavailable).toContainEqual(
        expect.objectContaining({ kind: 'transfer_out', reason: 'NOT_AUTHORISED' }),
      );
    });

    it('after 转出签注: the destination may sign the arrival or return it, the origin only return', async () => {
      await endorse(t.deps, {
        memberId: member,
        intent: { kind: 'transfer_out', to: 'b2' },
        actor: { org: 'b1', officer: 'setup' },
      });
      // (The ledger rules let a destination register an in-transit member as 流动党员 too.)
      expect(kinds(await actionsOf('sec-b2'))).toEqual([
        'arrival@b2',
        'transfer_return@b2',
        'flow_register@b2',
      ]);
      const origin = await actionsOf('sec-b1');
      expect(kinds(origin)).toEqual(['transfer_return@b1']);
      expect(origin.unavailable).toContainEqual(
        expect.objectContaining({ kind: 'transfer_out', reason: 'IN_TRANSIT' }),
      );
    });

    it('offers nothing outside the officer’s authority, but 流动党员登记 at their own org', async () => {
      const other = (await enroll(t.deps, person({ org: 'b1' }), { org: 'b1', officer: 'setup' }))
        .id;
      const outside = await actionsOf('sec-b3', other);
      expect(kinds(outside)).toEqual(['flow_register@b3']);
      expect(outside.actions[0]!.defaults).toEqual({ host: 'b3' });
      for (const k of ['transfer_out', 'arrival', 'transfer_return', 'temp_out', 'temp_return'])
        expect(outside.unavailable).toContainEqual(
          expect.objectContaining({ kind: k, reason: 'NOT_AUTHORISED' }),
        );
    });
  });
