import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logLeaves, logNodes, ledgerEntries } from '../../schema/index.ts';
import { fromB64u } from '../../src/crypto/bytes.ts';
import type { PublicJwk } from '../../src/crypto/keys.ts';
import { openCheckpoint } from '../../src/crypto/merkle/checkpoint.ts';
import { verifyConsistency } from '../../src/crypto/merkle/proof.ts';
import { rightEdgeNodes } from '../../src/crypto/merkle/nodes.ts';
import { verifyBundle } from '../../src/crypto/verify-bundle.ts';
import { exportBundle, trustList } from '../../src/service/bundle.ts';
import { endorse } from '../../src/service/endorse.ts';
import { integrate, logIdentity, proveConsistency } from '../../src/service/log.ts';
import { fsck } from '../../src/service/fsck.ts';
import { signerFor } from '../../src/service/keys.ts';
import { generateOrgKey } from '../../src/crypto/keys.ts';
import { issueKeyCertificate } from '../../src/crypto/key-cert.ts';
import { decodeEntry, entryHash, signEntry } from '../../src/crypto/entry.ts';
import { issueCredential } from '../../src/crypto/credential.ts';
import { enroll } from '../../src/service/members.ts';
import type { Store } from '../../src/store/db.ts';
import { seedTree, testDeps } from '../support/deps.ts';
import { person } from '../support/people.ts';
import { openTestStore } from '../support/stores.ts';
import { logObjectCases } from './log-objects.case.ts';

const actor = (org: string) => ({ org, officer: 'officer-log' });

/** The transparency log over a real database, run on PGlite and PostgreSQL. */
export function runLogConformance(driver: Store['driver']) {
  describe(`transparency log on ${driver}`, () => {
    let store: Store;
    let deps: Awaited<ReturnType<typeof testDeps>>;
    let rootJwk: PublicJwk;

    beforeAll(async () => {
      store = await openTestStore(driver);
      deps = await testDeps(store);
      ({ rootJwk } = await seedTree(deps));
    });
    afterAll(async () => {
      await store?.close();
    });

    it('gives every entry a gapless leaf index, even under concurrent appends on many members', async () => {
      const ids = await Promise.all(
        Array.from({ length: 12 }, () => enroll(deps, person(), actor('b1')).then((r) => r.id)),
      );
      await Promise.all(
        ids.map((id, i) =>
          endorse(deps, {
            memberId: id,
            intent: { kind: 'transfer_out', to: i % 2 ? 'b2' : 'b3' },
            actor: actor('b1'),
          }),
        ),
      );
      const entries = await deps.db.select().from(ledgerEntries);
      const leaves = await deps.db.select().from(logLeaves);
      expect(leaves.map((l) => l.index).sort((a, b) => a - b)).toEqual(entries.map((_, i) => i));
      const byIndex = new Map(leaves.map((l) => [l.index, l.data]));
      for (const e of entries)
        expect(Buffer.from(byIndex.get(e.leafIndex)!)).toEqual(Buffer.from(fromB64u(e.hash)));
    });

    it('signs checkpoints that verify with the trust list key, and are consistent with each other', async () => {
      const first = (await integrate(deps))!;
      expect(first.size).toBe((await deps.db.select().from(logLeaves)).length);
      const again = await integrate(deps);
      expect(again!.note).toBe(first.note);

      const { id } = await enroll(deps, person({ org: 'b2' }), actor('b2'));
      await endorse(deps, {
        memberId: id,
        intent: { kind: 'transfer_out', to: 'b1' },
        actor: actor('b2'),
      });
      const second = (await integrate(deps))!;
      expect(second.size).toBe(first.size + 2);

      const { log } = await trustList(deps);
      const opened = await openCheckpoint(second.note, {
        origin: log!.origin,
        verifiers: [log!.vkey],
      });
      expect(opened.size).toBe(second.size);
      const proof = await proveConsistency(deps, first.size, second.size);
      expect(await verifyConsistency(first.size, second.size, proof, first.root, second.root)).toBe(
        true,
      );
      expect(
        await verifyConsistency(first.size, second.size, proof, second.root, second.root),
      ).toBe(false);
    });

    it('puts a checkpoint and an inclusion proof per entry into every bundle', async () => {
      const { id } = await enroll(deps, person(), actor('b1'));
      await endorse(deps, {
        memberId: id,
        intent: { kind: 'transfer_out', to: 'b2' },
        actor: actor('b1'),
      });
      await endorse(deps, { memberId: id, intent: { kind: 'arrival' }, actor: actor('b2') });
      const bundle = await exportBundle(deps, id);
      expect(bundle.proofs).toHaveLength(3);
      const r = await verifyBundle(bundle, rootJwk, deps.now(), {
        verifier: deps.verifier,
        requireLog: true,
      });
      expect(r.valid).toBe(true);
      if (r.valid)
        expect(r.value.log).toMatchObject({
          origin: (await logIdentity(deps)).origin,
          leaves: expect.any(Array),
        });

      // A proof for the wrong leaf index, or a checkpoint from another key, fails.
      const wrong = structuredClone(bundle);
      wrong.proofs[1]!.index = wrong.proofs[0]!.index;
      expect(await verifyBundle(wrong, rootJwk, deps.now())).toMatchObject({
        valid: false,
        code: 'BAD_LOG_PROOF',
        at: 'proofs[1]',
      });
      const forged = structuredClone(bundle);
      forged.checkpoint = bundle.checkpoint!.replace(
        /\n\d+\n/,
        (m) => `\n${Number(m.trim()) + 1}\n`,
      );
      expect(await verifyBundle(forged, rootJwk, deps.now())).toMatchObject({
        valid: false,
        code: 'BAD_CHECKPOINT',
      });
      const bare = { ...bundle, checkpoint: null, proofs: [] };
      expect(await verifyBundle(bare, rootJwk, deps.now(), { requireLog: true })).toMatchObject({
        valid: false,
        code: 'BAD_CHECKPOINT',
      });
      expect(await verifyBundle(bare, rootJwk, deps.now())).toMatchObject({
        valid: true,
        value: { log: null },
      });
    });

    it('the log closes what the root key alone cannot: an org certifying a key for a sibling', async () => {
      const { id } = await enroll(deps, person(), actor('b1'));
      const real = await exportBundle(deps, id);
      // b1 certifies a key it labels "b2" and signs an arrival-looking status change as "b2".
      const b1 = await signerFor(deps, 'b1');
      const fake = await generateOrgKey();
      const cert = await issueKeyCertificate(
        {
          iss: 'b1',
          sub: 'b2',
          jwk: fake.publicJwk,
          nbf: deps.now(),
          exp: deps.now() + 86400,
          iat: deps.now(),
        },
        b1,
      );
      const fakeSigner = { orgId: 'b2', kid: fake.kid, privateKey: fake.privateKey };
      const last = decodeEntry(real.entries.at(-1)).claims;
      const forged = await signEntry(
        {
          sub: id,
          seq: last.seq + 1,
          prv: await entryHash(real.entries.at(-1)!),
          knd: 'status',
          iss: 'b2',
          act: 'forger',
          iat: deps.now(),
          dat: { change: 'left', date: '2026-02-01' },
        },
        fakeSigner,
      );
      const credential = await issueCredential(
        {
          iss: 'b2',
          sub: id,
          nam: last.knd === 'enroll' ? (last.dat as { name: string }).name : '',
          org: 'b1',
          st: 'left',
          seq: last.seq + 1,
          hd: forged.hash,
          iat: deps.now(),
          exp: deps.now() + 86400,
        },
        fakeSigner,
      );
      const bundle = {
        ...real,
        credential,
        entries: [...real.entries, forged.jws],
        keys: [...real.keys, cert],
        proofs: [...real.proofs, { index: 0, hashes: [] }],
      };
      // Without the log (and without the tree) the chain of signatures alone looks fine…
      const open = await verifyBundle(
        { ...bundle, checkpoint: null, proofs: [] },
        rootJwk,
        deps.now(),
      );
      expect(open, JSON.stringify(open)).toMatchObject({ valid: true });
      // …but the forged entry is in no checkpoint the log key signed.
      expect(await verifyBundle(bundle, rootJwk, deps.now(), { requireLog: true })).toMatchObject({
        valid: false,
        code: 'BAD_LOG_PROOF',
        at: `proofs[${last.seq}]`,
      });
      // And with the root-signed tree the certificate itself is refused.
      const list = await trustList(deps);
      const tree = new Map(list.orgs.map((o) => [o.id, o]));
      expect(
        await verifyBundle({ ...bundle, checkpoint: null, proofs: [] }, rootJwk, deps.now(), {
          tree,
        }),
      ).toMatchObject({ valid: false, code: 'KEY_NOT_CERTIFIED' });
    });

    logObjectCases(() => ({ deps, rootJwk }));

    it('fsck passes on a clean database and names each row edited behind its back', async () => {
      await integrate(deps);
      const clean = await fsck(deps);
      expect(clean.problems).toEqual([]);
      expect(clean.checked.entries).toBeGreaterThan(20);

      const { id } = await enroll(deps, person(), actor('b1'));
      await endorse(deps, {
        memberId: id,
        intent: { kind: 'transfer_out', to: 'b2' },
        actor: actor('b1'),
      });
      await endorse(deps, { memberId: id, intent: { kind: 'arrival' }, actor: actor('b2') });
      await integrate(deps);
      // Backdate the arrival, and redirect the transfer, directly in SQL.
      await deps.db.execute(
        sql`update ledger_entries set issued_at = issued_at - interval '20 days' where member_id = ${id} and seq = 3`,
      );
      await deps.db.execute(
        sql`update ledger_entries set claims = jsonb_set(claims, '{dat,to}', '"b3"') where member_id = ${id} and seq = 2`,
      );
      const { problems } = await fsck(deps);
      expect(problems).toContainEqual({
        where: `ledger_entries member=${id} seq=3`,
        what: expect.stringContaining('column issued_at differs from the signed entry'),
      });
      expect(problems).toContainEqual({
        where: `ledger_entries member=${id} seq=2`,
        what: expect.stringContaining(
          'column claims differs from the signed entry at dat.to ("b3" ≠',
        ),
      });
      expect(problems.every((p) => p.where.includes(id))).toBe(true);

      // Re-sign nothing, but swap in another entry's JWS: hash, chain and leaf all disagree.
      await deps.db.execute(
        sql`update ledger_entries set jws = (select jws from ledger_entries where member_id = ${id} and seq = 1) where member_id = ${id} and seq = 2`,
      );
      const after = (await fsck(deps)).problems.map((p) => `${p.where}: ${p.what}`);
      expect(after).toContainEqual(
        expect.stringMatching(new RegExp(`member=${id} seq=2: hash is not the SHA-256`)),
      );
    });

    it('refuses to sign when the stored tree no longer reproduces the last checkpoint', async () => {
      const last = (await integrate(deps))!;
      const { id } = await enroll(deps, person(), actor('b1'));
      expect(id).toBeTruthy();
      // Someone with database access rewrites a node of the signed tree's right edge.
      const edge = rightEdgeNodes(last.size).at(-1)!;
      await deps.db.execute(
        sql`update ${logNodes} set hash = ${new Uint8Array(32)} where level = ${edge.level} and index = ${edge.index}`,
      );
      await expect(integrate(deps)).rejects.toThrow(/do not reproduce the checkpoint/);
      // Its own code (503 over HTTP), not a missing key's.
      await expect(integrate(deps)).rejects.toMatchObject({ code: 'LOG_INTEGRITY' });
    });
  });
}
