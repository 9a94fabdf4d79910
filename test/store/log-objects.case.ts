import { eq, sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { ledgerEntries, logLeaves, logObjects } from '../../schema/index.ts';
import { fromB64u } from '../../src/crypto/bytes.ts';
import { entryHash } from '../../src/crypto/entry.ts';
import { signJws } from '../../src/crypto/jws.ts';
import type { PublicJwk } from '../../src/crypto/keys.ts';
import { leafHash } from '../../src/crypto/merkle/hash.ts';
import { verifyConsistency, verifyInclusion } from '../../src/crypto/merkle/proof.ts';
import { verifyBundle } from '../../src/crypto/verify-bundle.ts';
import { exportBundle } from '../../src/service/bundle.ts';
import type { ServiceDeps } from '../../src/service/deps.ts';
import { endorse } from '../../src/service/endorse.ts';
import { fsck } from '../../src/service/fsck.ts';
import { signerFor } from '../../src/service/keys.ts';
import { integrate, proveConsistency, proveInclusion } from '../../src/service/log.ts';
import { enroll } from '../../src/service/members.ts';
import { appendLogObjects, type LogObject } from '../../src/store/leaves.ts';
import { person } from '../support/people.ts';

const actor = (org: string) => ({ org, officer: 'officer-log' });

/**
 * Signed objects that are not ledger entries (a dues batch, a filing) share
 * the log with entries: registered inside runLogConformance, on its store.
 */
export function logObjectCases(ctx: () => { deps: ServiceDeps; rootJwk: PublicJwk }) {
  it('gives other signed objects gapless leaves in their own transactions, interleaved with entries', async () => {
    const { deps, rootJwk } = ctx();
    const before = (await integrate(deps))!;
    const signer = await signerFor(deps, 'b1');
    // What the object says does not matter to the log: only its hash is the leaf.
    const object = async (n: number): Promise<LogObject> => {
      const jws = await signJws({ iss: 'b1', month: `2026-0${n}`, n }, 'pmc+jwt', signer);
      return { kind: 'dues_batch', jws, hash: await entryHash(jws) };
    };
    const objects = await Promise.all([1, 2, 3, 4, 5, 6].map(object));
    const refused = await object(7);
    const ids = await Promise.all(
      Array.from({ length: 6 }, () => enroll(deps, person(), actor('b1')).then((r) => r.id)),
    );

    const transferOut = (id: string) =>
      endorse(deps, {
        memberId: id,
        intent: { kind: 'transfer_out', to: 'b2' },
        actor: actor('b1'),
      });
    const log = (batch: LogObject[]) => deps.db.transaction((tx) => appendLogObjects(tx, batch));
    // In turn (object, entry, object), then racing each other for the counter.
    const placed = [await log([objects[0]!, objects[1]!])];
    await transferOut(ids[0]!);
    placed.push(await log([objects[2]!]));
    const [raced] = await Promise.all([
      Promise.all([[objects[3]!, objects[4]!], [objects[5]!]].map(log)),
      ...ids.slice(1).map(transferOut),
      // A transaction that fails after taking leaves gives them back: no gap.
      expect(
        deps.db.transaction(async (tx) => {
          await appendLogObjects(tx, [refused]);
          throw new Error('refused after appending');
        }),
      ).rejects.toThrow('refused after appending'),
    ]);
    placed.push(...raced);

    const leaves = await deps.db.select().from(logLeaves);
    const entries = await deps.db.select().from(ledgerEntries);
    const stored = await deps.db.select().from(logObjects);
    expect(leaves.map((l) => l.index).sort((a, b) => a - b)).toEqual(leaves.map((_, i) => i));
    expect(leaves).toHaveLength(entries.length + stored.length);
    const owner = new Map<number, string>(entries.map((e) => [e.leafIndex, e.hash]));
    for (const o of stored) {
      expect(owner.has(o.leafIndex), `leaf ${o.leafIndex} has two owners`).toBe(false);
      owner.set(o.leafIndex, o.hash);
    }
    for (const l of leaves)
      expect(Buffer.from(l.data)).toEqual(Buffer.from(fromB64u(owner.get(l.index)!)));
    expect(stored.map((o) => o.hash).sort()).toEqual(objects.map((o) => o.hash).sort());
    expect(placed.flat().sort((a, b) => a - b)).toEqual(
      stored.map((o) => o.leafIndex).sort((a, b) => a - b),
    );
    // One log: the entry appended in turn sits between the objects' leaves.
    const between = entries.find((e) => e.memberId === ids[0] && e.seq === 2)!.leafIndex;
    expect(between).toBe(placed[0]![1]! + 1);
    expect(placed[1]![0]).toBe(between + 1);

    // Checkpoints stay consistent, an object's leaf has its inclusion proof, bundles still verify.
    const after = (await integrate(deps))!;
    expect(after.size).toBe(leaves.length);
    const consistency = await proveConsistency(deps, before.size, after.size);
    expect(
      await verifyConsistency(before.size, after.size, consistency, before.root, after.root),
    ).toBe(true);
    const o = stored[0]!;
    const inclusion = await proveInclusion(deps, o.leafIndex, after.size);
    const leaf = await leafHash(fromB64u(o.hash));
    expect(await verifyInclusion(leaf, o.leafIndex, after.size, inclusion, after.root)).toBe(true);
    const bundle = await exportBundle(deps, ids[0]!);
    expect(
      await verifyBundle(bundle, rootJwk, deps.now(), {
        verifier: deps.verifier,
        requireLog: true,
      }),
    ).toMatchObject({ valid: true });

    const clean = await fsck(deps);
    expect(clean.problems).toEqual([]);
    expect(clean.checked.objects).toBe(objects.length);
  });

  it('fsck recomputes an object leaf from its JWS and names the row edited or deleted', async () => {
    const { deps } = ctx();
    const [o] = await deps.db.select().from(logObjects).limit(1);
    const where = `log_objects leaf=${o!.leafIndex} kind=dues_batch`;
    await deps.db.execute(
      sql`update ${logObjects} set jws = ${o!.jws + 'x'} where leaf_index = ${o!.leafIndex}`,
    );
    expect((await fsck(deps)).problems).toEqual([
      { where, what: 'hash is not the SHA-256 of the jws' },
    ]);
    await deps.db.delete(logObjects).where(eq(logObjects.leafIndex, o!.leafIndex));
    const { problems } = await fsck(deps);
    expect(problems).toContainEqual({
      where: `log_leaves index=${o!.leafIndex}`,
      what: 'no ledger entry or log object has this leaf',
    });
    await deps.db.insert(logObjects).values(o!);
    expect((await fsck(deps)).problems).toEqual([]);
  });
}
