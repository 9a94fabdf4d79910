import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyBundle } from '../../src/crypto/verify-bundle.ts';
import { verifyCredential } from '../../src/crypto/verify-credential.ts';
import { LedgerConflict, PmcError, StaleCredential } from '../../src/errors.ts';
import { exportBundle, trustList } from '../../src/service/bundle.ts';
import { endorse } from '../../src/service/endorse.ts';
import { revokeOrgKey, rotateOrgKey, signerFor } from '../../src/service/keys.ts';
import { revokeKeyAndReissue } from '../../src/service/key-revocation.ts';
import { enroll, loadMember, revealNationalId, showMember } from '../../src/service/members.ts';
import { addOrg } from '../../src/service/orgs.ts';
import { duesTemplate } from '../../src/service/dues.ts';
import type { Store } from '../../src/store/db.ts';
import { appendEntry, listEntries } from '../../src/store/queries.ts';
import { applyOps } from '../../src/store/append.ts';
import { signEntry } from '../../src/crypto/entry.ts';
import { members } from '../../schema/index.ts';
import { seedTree, testDeps } from '../support/deps.ts';
import { person } from '../support/people.ts';
import { openTestStore } from '../support/stores.ts';
import type { ServiceDeps } from '../../src/service/deps.ts';
import type { PublicJwk } from '../../src/crypto/keys.ts';

const officer = { officer: 'officer-1' };

async function expectCode(p: Promise<unknown>, code: string, extra: Partial<PmcError> = {}) {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, 'expected an error').toBeInstanceOf(PmcError);
  expect((err as PmcError).code).toBe(code);
  for (const [k, v] of Object.entries(extra))
    expect((err as unknown as Record<string, unknown>)[k]).toBe(v);
}

/**
 * One storage conformance suite (the hono habit): the certificate service over
 * a real database, run unchanged on PGlite and on PostgreSQL.
 */
export function runConformance(driver: Store['driver']) {
  describe(`certificate service on ${driver}`, () => {
    let store: Store;
    let deps: Awaited<ReturnType<typeof testDeps>>;
    let rootJwk: PublicJwk;
    const countMembers = async () => (await deps.db.select().from(members)).length;

    beforeAll(async () => {
      store = await openTestStore(driver);
      deps = await testDeps(store);
      ({ rootJwk } = await seedTree(deps));
    });
    afterAll(async () => {
      await store?.close();
    });

    it('停止党籍 → 恢复党籍: the credential states it, the dues table leaves the member out meanwhile', async () => {
      const { id } = await enroll(deps, person(), { org: 'b1', ...officer });
      deps.clock.advanceDays(2);
      const today = () => new Date(deps.now() * 1000).toISOString().slice(0, 10);
      const month = () => today().slice(0, 7);
      const status = (change: 'stopped' | 'restored') =>
        endorse(deps, {
          memberId: id,
          intent: { kind: 'status', change, date: today(), reason: '依《党员教育管理工作条例》' },
          actor: { org: 'b1', ...officer },
        });
      await status('stopped');
      expect((await showMember(deps, id)).status).toBe('stopped');
      const stopped = await verifyBundle(await exportBundle(deps, id), rootJwk, deps.now(), {
        verifier: deps.verifier,
      });
      expect(stopped).toMatchObject({ valid: true, value: { credential: { st: 'stopped' } } });
      expect((await duesTemplate(deps, 'b1', month())).map((r) => r.member)).not.toContain(id);
      await expect(
        endorse(deps, {
          memberId: id,
          intent: { kind: 'transfer_out', to: 'b3', reason: '工作调动' },
          actor: { org: 'b1', ...officer },
        }),
      ).rejects.toMatchObject({ reason: 'MEMBER_STOPPED' });
      deps.clock.advanceDays(1);
      await status('restored');
      expect((await showMember(deps, id)).status).toBe('normal');
      expect((await duesTemplate(deps, 'b1', month())).map((r) => r.member)).toContain(id);
    });

    it('enroll → transfer_out → arrival: the bundle verifies with only the root key', async () => {
      const { id } = await enroll(deps, person(), { org: 'b1', ...officer });
      deps.clock.advanceDays(3);
      const out = await endorse(deps, {
        memberId: id,
        intent: { kind: 'transfer_out', to: 'b3', reason: '工作调动' },
        actor: { org: 'b1', ...officer },
      });
      expect(out.seq).toBe(2);
      expect((await showMember(deps, id)).status).toBe('in_transit');
      deps.clock.advanceDays(5);
      await endorse(deps, {
        memberId: id,
        intent: { kind: 'arrival' },
        actor: { org: 'b3', ...officer },
      });
      const shown = await showMember(deps, id);
      expect(shown).toMatchObject({ org: 'b3', status: 'normal', seq: 3 });
      expect(shown.entries.map((e) => e.kind)).toEqual(['enroll', 'transfer_out', 'arrival']);
      expect(shown.entries[2]!.dat).toMatchObject({
        at: 'b3',
        transfer: 2,
        late: false,
        daysLate: 0,
      });

      const bundle = await exportBundle(deps, id);
      const r = await verifyBundle(bundle, rootJwk, deps.now(), { verifier: deps.verifier });
      expect(r).toMatchObject({ valid: true });
      if (r.valid)
        expect(r.value.credential).toMatchObject({ sub: id, org: 'b3', st: 'normal', seq: 3 });

      const cred = await verifyCredential(
        shown.credential,
        await trustList(deps),
        deps.now(),
        deps.verifier,
      );
      expect(cred).toMatchObject({ valid: true, value: { sub: id, nam: '李建华' } });
    });

    it('a late arrival is recorded and counted as late, never refused', async () => {
      const { id } = await enroll(deps, person(), { org: 'b1', ...officer });
      await endorse(deps, {
        memberId: id,
        intent: { kind: 'transfer_out', to: 'b2', validDays: 10 },
        actor: { org: 'b1', ...officer },
      });
      deps.clock.advanceDays(12.5);
      await endorse(deps, {
        memberId: id,
        intent: { kind: 'arrival' },
        actor: { org: 'c1', ...officer },
      });
      const shown = await showMember(deps, id);
      expect(shown.entries[2]!.dat).toMatchObject({ late: true, daysLate: 3 });
      expect(shown.org).toBe('b2');
    });

    it('refuses an arrival at another org, and by an org outside the destination, changing nothing', async () => {
      const { id } = await enroll(deps, person(), { org: 'b1', ...officer });
      await endorse(deps, {
        memberId: id,
        intent: { kind: 'transfer_out', to: 'b3' },
        actor: { org: 'b1', ...officer },
      });
      await expectCode(
        endorse(deps, {
          memberId: id,
          intent: { kind: 'arrival', at: 'b2' },
          actor: { org: 'b2', ...officer },
        }),
        'RULE_VIOLATION',
      );
      await expectCode(
        endorse(deps, {
          memberId: id,
          intent: { kind: 'arrival' },
          actor: { org: 'b2', ...officer },
        }),
        'NOT_AUTHORISED',
      );
      await expectCode(
        endorse(deps, {
          memberId: id,
          intent: { kind: 'transfer_out', to: 'b2' },
          actor: { org: 'b1', ...officer },
        }),
        'RULE_VIOLATION',
        { reason: 'IN_TRANSIT' },
      );
      expect((await listEntries(deps.db, id)).length).toBe(2);
    });

    it('bad input names the field and stores nothing', async () => {
      const before = await countMembers();
      const bad = person();
      const flipped = bad.nationalId.slice(0, 17) + (bad.nationalId[17] === '1' ? '2' : '1');
      await expectCode(
        enroll(deps, { ...bad, nationalId: flipped }, { org: 'b1', ...officer }),
        'INVALID_INPUT',
        { field: 'nationalId' },
      );
      await expectCode(
        enroll(deps, { ...person(), joined: '2023-02-30' }, { org: 'b1', ...officer }),
        'INVALID_INPUT',
        { field: 'joined' },
      );
      await expectCode(
        enroll(deps, { ...person(), birth: '1970-01-01' }, { org: 'b1', ...officer }),
        'INVALID_INPUT',
        { field: 'birth' },
      );
      await expectCode(
        enroll(deps, person({ org: 'nowhere' }), { org: 'b1', ...officer }),
        'RULE_VIOLATION',
      );
      expect(await countMembers()).toBe(before);
    });

    it('keeps the national ID sealed, masked on display, unique', async () => {
      const p = person();
      const { id } = await enroll(deps, p, { org: 'b1', ...officer });
      const shown = await showMember(deps, id);
      expect(shown.nationalId).toBe(`${p.nationalId.slice(0, 6)}${'*'.repeat(12)}`);
      const [row] = await deps.db.select().from(members);
      expect(JSON.stringify(row)).not.toContain(p.nationalId);
      expect(await revealNationalId(deps, id)).toBe(p.nationalId);
      await expectCode(enroll(deps, p, { org: 'b2', ...officer }), 'INVALID_INPUT', {
        field: 'nationalId',
      });
    });

    it('two racing appends on one member: exactly one commits, the other gets a typed conflict', async () => {
      const { id } = await enroll(deps, person(), { org: 'b1', ...officer });
      const attempts = await Promise.allSettled(
        ['b2', 'b3', 'b2', 'b3'].map((to) =>
          endorse(deps, {
            memberId: id,
            intent: { kind: 'transfer_out', to },
            actor: { org: 'b1', ...officer },
          }),
        ),
      );
      const ok = attempts.filter((a) => a.status === 'fulfilled');
      const failed = attempts.filter((a): a is PromiseRejectedResult => a.status === 'rejected');
      expect(ok).toHaveLength(1);
      // The losers either lost the race at commit (conflict) or, reading after the winner, hit the in-transit rule.
      for (const f of failed)
        expect(['LEDGER_CONFLICT', 'RULE_VIOLATION']).toContain((f.reason as PmcError).code);
      const entries = await listEntries(deps.db, id);
      expect(entries.map((e) => e.seq)).toEqual([1, 2]);
      expect(entries[1]!.claims.prv).toBe(entries[0]!.hash);
    });

    it('the store itself: two appends prepared on the same head, committed at once, never fork', async () => {
      const { id } = await enroll(deps, person(), { org: 'b1', ...officer });
      const { row } = await loadMember(deps, id);
      const signer = await signerFor(deps, 'b1');
      const prepared = await Promise.all(
        ['b2', 'b3'].map((to) =>
          signEntry(
            {
              sub: id,
              seq: 2,
              prv: row.head,
              knd: 'temp_out',
              iss: 'b1',
              act: 'x',
              iat: deps.now(),
              dat: { until: '2026-04-01', to },
            },
            signer,
          ),
        ),
      );
      const head = {
        orgId: 'b1',
        status: 'normal' as const,
        name: row.name,
        category: row.category,
        personnel: row.personnel,
        credential: row.credential,
      };
      const results = await Promise.allSettled(
        prepared.map((entry) => appendEntry(deps.db, { expectedSeq: 1, entry, head })),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const rejected = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')!;
      expect(rejected.reason).toBeInstanceOf(LedgerConflict);
      const entries = await listEntries(deps.db, id);
      expect(entries).toHaveLength(2);
      expect((await loadMember(deps, id)).row.head).toBe(entries[1]!.hash);
    });

    it('group commit: one batch refuses op by op and never as a whole', async () => {
      const a = await enroll(deps, person(), { org: 'b1', ...officer });
      const b = await enroll(deps, person(), { org: 'b1', ...officer });
      const signer = await signerFor(deps, 'b1');
      const rowA = (await loadMember(deps, a.id)).row;
      const rowB = (await loadMember(deps, b.id)).row;
      const op = async (row: typeof rowA, to: string, key?: string) => ({
        kind: 'append' as const,
        expectedSeq: 1,
        entry: await signEntry(
          {
            sub: row.id,
            seq: 2,
            prv: row.head,
            knd: 'temp_out',
            iss: 'b1',
            act: 'x',
            iat: deps.now(),
            dat: { until: '2026-04-01', to },
          },
          signer,
        ),
        head: {
          orgId: 'b1',
          status: 'normal' as const,
          name: row.name,
          category: row.category,
          personnel: row.personnel,
          credential: row.credential,
        },
        ...(key ? { idempotency: { scope: 'test', key, requestHash: to } } : {}),
      });
      const results = await applyOps(deps.db, [
        await op(rowA, 'x1', `k-${a.id}`),
        await op(rowA, 'x2'),
        await op(rowB, 'y1', `k-${a.id}`),
        await op(rowB, 'y2'),
      ]);
      expect(results[0]).toEqual({ replayed: false });
      expect(results[1]).toBeInstanceOf(LedgerConflict); // same member, same head, later in the batch
      expect(results[2]).toBeInstanceOf(PmcError); // same idempotency key, another body
      expect((results[2] as PmcError).code).toBe('IDEMPOTENCY_MISMATCH');
      expect(results[3]).toEqual({ replayed: false });
      expect((await listEntries(deps.db, a.id)).map((e) => e.claims.dat)).toEqual([
        expect.anything(),
        { until: '2026-04-01', to: 'x1' },
      ]);
      expect((await listEntries(deps.db, b.id)).map((e) => e.claims.dat)).toEqual([
        expect.anything(),
        { until: '2026-04-01', to: 'y2' },
      ]);
    });

    it('a stale scanned credential never endorses: 409-style error carrying the current credential', async () => {
      const { id, credential } = await enroll(deps, person(), { org: 'b1', ...officer });
      const seen = { seq: 1, hd: (await loadMember(deps, id)).row.head };
      await endorse(deps, {
        memberId: id,
        intent: { kind: 'temp_out', until: '2026-05-01' },
        actor: { org: 'b1', ...officer },
        expected: seen,
      });
      const err = await endorse(deps, {
        memberId: id,
        intent: { kind: 'temp_return' },
        actor: { org: 'b1', ...officer },
        expected: seen,
      }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StaleCredential);
      expect(err).toBeInstanceOf(LedgerConflict);
      expect((err as StaleCredential).current.seq).toBe(2);
      expect((err as StaleCredential).current.credential).not.toBe(credential);
    });

    it('a retried request with the same idempotency key returns the original entry; another body is refused', async () => {
      const { id } = await enroll(deps, person(), { org: 'b1', ...officer });
      const req = {
        memberId: id,
        intent: { kind: 'transfer_out' as const, to: 'b2' },
        actor: { org: 'b1', ...officer },
        idempotencyKey: `k-${id}`,
      };
      const [a, b] = await Promise.all([endorse(deps, req), endorse(deps, req)]);
      expect(a.hash).toBe(b.hash);
      expect([a.replayed, b.replayed].sort()).toEqual([false, true]);
      const again = await endorse(deps, req);
      expect(again).toMatchObject({ seq: 2, hash: a.hash, replayed: true });
      await expectCode(
        endorse(deps, { ...req, intent: { kind: 'transfer_out', to: 'b3' } }),
        'IDEMPOTENCY_MISMATCH',
      );
      expect((await listEntries(deps.db, id)).length).toBe(2);
    });

    it('key rotation: old entries keep verifying, new ones use the new key', async () => {
      const { id } = await enroll(deps, person({ org: 'b2' }), { org: 'b2', ...officer });
      deps.clock.advanceDays(1);
      const { kid } = await rotateOrgKey(deps, 'b2');
      deps.clock.advanceDays(1);
      const r = await endorse(deps, {
        memberId: id,
        intent: { kind: 'transfer_out', to: 'b1' },
        actor: { org: 'b2', ...officer },
      });
      expect(JSON.parse(Buffer.from(r.jws.split('.')[0]!, 'base64url').toString()).kid).toBe(kid);
      const v = await verifyBundle(await exportBundle(deps, id), rootJwk, deps.now(), {
        verifier: deps.verifier,
      });
      expect(v.valid).toBe(true);
    });

    it('revocation: what a key signed before the revocation time stays valid, after it fails', async () => {
      await addOrg(deps, { id: 'b9', name: '临时党支部', type: 'branch', parent: 'c2' });
      const { id } = await enroll(deps, person({ org: 'b9' }), { org: 'b9', ...officer });
      deps.clock.advanceDays(1);
      const before = await exportBundle(deps, id);
      const b9Key = (await trustList(deps)).keys.find((k) => k.org === 'b9')!.kid;
      // Revoked from one day after enrolment: the enrolment stays good.
      await revokeOrgKey(deps, b9Key, deps.now(), 'device lost');
      expect(
        (
          await verifyBundle(await exportBundle(deps, id), rootJwk, deps.now(), {
            verifier: deps.verifier,
          })
        ).valid,
      ).toBe(true);
      expect(
        (await verifyBundle(before, rootJwk, deps.now(), { verifier: deps.verifier })).valid,
      ).toBe(true);
      // No valid key now: signing refuses rather than producing a doomed entry.
      await expectCode(
        endorse(deps, {
          memberId: id,
          intent: { kind: 'transfer_out', to: 'b3' },
          actor: { org: 'b9', ...officer },
        }),
        'KEY_UNAVAILABLE',
      );
      // A revocation dated back before the enrolment makes it fail.
      const early = await addOrg(deps, {
        id: 'b8',
        name: '另一党支部',
        type: 'branch',
        parent: 'c2',
      });
      const m2 = await enroll(deps, person({ org: early.id }), { org: early.id, ...officer });
      const b8Key = (await trustList(deps)).keys.find((k) => k.org === 'b8')!.kid;
      await revokeOrgKey(deps, b8Key, deps.now() - 60);
      const v = await verifyBundle(await exportBundle(deps, m2.id), rootJwk, deps.now(), {
        verifier: deps.verifier,
      });
      expect(v).toMatchObject({ valid: false, code: 'REVOKED_KEY', at: 'entries[0]' });
    });

    it('revocation re-issues the credentials the key signed (issue 9 item 11): export verifies against the current trust list', async () => {
      await addOrg(deps, { id: 'b7', name: '巡特警党支部', type: 'branch', parent: 'c2' });
      const { id } = await enroll(deps, person({ org: 'b7' }), { org: 'b7', ...officer });
      const oldKid = (await trustList(deps)).keys.find((k) => k.org === 'b7')!.kid;
      // 80 days on, the QR is refreshed near expiry, signed by the old key; then that key is found
      // compromised from an hour before the refresh: rotate, revoke from then.
      deps.clock.advanceDays(80);
      await exportBundle(deps, id);
      const refreshed = (await loadMember(deps, id)).row.credential;
      deps.clock.advanceDays(1);
      const { kid: newKid } = await rotateOrgKey(deps, 'b7');
      await revokeKeyAndReissue(deps, oldKid, deps.now() - 86400 - 3600, 'device lost');
      const list = await trustList(deps);
      const stale = await verifyCredential(refreshed, list, deps.now(), deps.verifier);
      expect(stale).toMatchObject({ valid: false, code: 'REVOKED_KEY' });
      // Re-issued at the revocation (eagerly): stored and exported, signed by the new key.
      const stored = (await loadMember(deps, id)).row.credential;
      expect(stored).not.toBe(refreshed);
      const bundle = await exportBundle(deps, id);
      expect(bundle.credential).toBe(stored);
      expect(list.keys.some((k) => k.kid === newKid && !k.revocation)).toBe(true);
      expect(
        await verifyCredential(bundle.credential, list, deps.now(), deps.verifier),
      ).toMatchObject({ valid: true, value: { sub: id, iss: 'b7' } });
      const v = await verifyBundle(bundle, rootJwk, deps.now(), {
        verifier: deps.verifier,
      });
      expect(v.valid).toBe(true);
    });

    it('a revocation dated ahead re-issues lazily, on the first fetch once it is in effect', async () => {
      await addOrg(deps, { id: 'b6', name: '特警党支部', type: 'branch', parent: 'c2' });
      const { id } = await enroll(deps, person({ org: 'b6' }), { org: 'b6', ...officer });
      const oldKid = (await trustList(deps)).keys.find((k) => k.org === 'b6')!.kid;
      await rotateOrgKey(deps, 'b6');
      await revokeKeyAndReissue(deps, oldKid, deps.now() + 86400);
      const first = (await loadMember(deps, id)).row.credential;
      // Not in effect yet: nothing re-signed, the credential is valid.
      expect((await exportBundle(deps, id)).credential).toBe(first);
      deps.clock.advanceDays(2);
      const later = await exportBundle(deps, id);
      expect(later.credential).not.toBe(first);
      const list = await trustList(deps);
      expect(
        await verifyCredential(later.credential, list, deps.now(), deps.verifier),
      ).toMatchObject({ valid: true });
      // A second fetch does not sign again.
      expect((await exportBundle(deps, id)).credential).toBe(later.credential);
    });

    it('left or deceased members accept nothing but corrections', async () => {
      const { id } = await enroll(deps, person(), { org: 'b1', ...officer });
      await endorse(deps, {
        memberId: id,
        intent: { kind: 'status', change: 'deceased', date: '2026-02-20' },
        actor: { org: 'b1', ...officer },
      });
      await expectCode(
        endorse(deps, {
          memberId: id,
          intent: { kind: 'transfer_out', to: 'b2' },
          actor: { org: 'b1', ...officer },
        }),
        'RULE_VIOLATION',
        { reason: 'MEMBER_CLOSED' },
      );
      const c = await endorse(deps, {
        memberId: id,
        intent: {
          kind: 'correction',
          refers: 1,
          reason: '姓名录入错误',
          amend: { name: '李建国' },
        },
        actor: { org: 'b1', ...officer },
      });
      expect(c.seq).toBe(3);
      expect((await showMember(deps, id)).name).toBe('李建国');
    });
  });
}

export type { ServiceDeps };
