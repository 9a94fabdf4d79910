/**
 * The application role of docs/grants.sql on real PostgreSQL (issue 9 item 7):
 * the app's workload runs as that role (a new role, random name, dropped
 * after), and the role cannot rewrite history — UPDATE and DELETE on the audit
 * trail, the ledger, the log, dues and filings are refused with "permission
 * denied", while the owner, as a control, can. Every table of the schema has
 * its line in docs/grants.sql, so a new table cannot ship with the old blanket
 * grants. The matrix suite (test/http/matrix.case.ts) runs every route as this
 * role too; the Workers smoke suite runs the Worker as it.
 */
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newKekText } from '../../src/crypto/keys.ts';
import { verifyBundle } from '../../src/crypto/verify-bundle.ts';
import { verifyCredential } from '../../src/crypto/verify-credential.ts';
import { fileAnnual, reviewFiling } from '../../src/service/filings.ts';
import { revokeOrgKey, rotateOrgKey } from '../../src/service/keys.ts';
import { integrate } from '../../src/service/log.ts';
import { loadMember } from '../../src/service/members.ts';
import { trustList } from '../../src/service/bundle.ts';
import { openAppRoleStores, grantStatements, type AppRoleStores } from '../support/app-role.ts';
import { seedTree, testDeps } from '../support/deps.ts';
import { Client, json, officer, PASSWORD, testApp } from '../support/http.ts';
import { person } from '../support/people.ts';

const HAVE_DB = Boolean(process.env.DATABASE_URL);
if (!HAVE_DB) console.warn('[grants] SKIPPED: needs PostgreSQL (DATABASE_URL)');

/** Tables whose rows are history: the application role may add to them, never change or remove. */
const APPEND_ONLY = [
  'ledger_entries',
  'ledger_positions',
  'log_leaves',
  'log_nodes',
  'log_checkpoints',
  'log_objects',
  'audit_events',
  'dues_batches',
  'dues_lines',
  'annual_filings',
  'hr_moves',
];

describe.skipIf(!HAVE_DB)(
  'the application role (docs/grants.sql) on PostgreSQL (issue 9 item 7)',
  () => {
    let s: AppRoleStores;
    let t: Awaited<ReturnType<typeof testApp>>;
    let asApp: ReturnType<typeof postgres>;
    let asOwner: ReturnType<typeof postgres>;
    let rootJwk: Awaited<ReturnType<typeof seedTree>>['rootJwk'];
    const kekText = newKekText();

    beforeAll(async () => {
      s = await openAppRoleStores();
      t = await testApp(s.app, {}, { kekText });
      // `pmcert init` is the owner's job; everything after it is the app's, as the app role.
      ({ rootJwk } = await seedTree(await testDeps(s.owner, t.deps.clock, kekText)));
      asApp = postgres(s.appUrl, { max: 1, onnotice: () => {} });
      asOwner = postgres(s.ownerUrl, { max: 1, onnotice: () => {} });
    });
    afterAll(async () => {
      await asApp?.end();
      await asOwner?.end();
      await s?.close();
    });

    it('runs the app as that role: accounts, login, enrol, endorse, transfer, 流动党员, correction, dues, filing, tokens, HR, checkpoint, bundle, logout', async () => {
      await officer(t.deps, 'g-b1', [{ org: 'b1', role: 'secretary' }]);
      await officer(t.deps, 'g-b3', [{ org: 'b3', role: 'organizer' }]);
      await officer(t.deps, 'g-c1', [{ org: 'c1', role: 'secretary' }]);
      const b1 = await Client.login(t.app, 'g-b1');
      const b3 = await Client.login(t.app, 'g-b3');
      const c1 = await Client.login(t.app, 'g-c1');
      const ok = async (res: Response | Promise<Response>, status: number) => {
        const r = await res;
        expect(r.status, await r.clone().text()).toBe(status);
        return r;
      };
      // A wrong password is counted (login throttle), then the right one logs in.
      expect((await new Client(t.app).login('g-b1', 'wrong password here')).status).toBe(401);
      const enrolled = await json<{ id: string; credential: string }>(
        await ok(b1.post('/api/members', person({ org: 'b1', name: '授权测试' })), 201),
      );
      const id = enrolled.id;
      const out = await json<{ credential: string }>(
        await ok(
          b1.post('/api/endorsements', {
            kind: 'transfer_out',
            credential: enrolled.credential,
            to: 'b3',
            reason: '工作调动',
          }),
          201,
        ),
      );
      await ok(b3.post('/api/endorsements', { kind: 'arrival', credential: out.credential }), 201);
      await ok(
        b3.post('/api/endorsements', {
          kind: 'flow_register',
          action: 'register',
          host: 'b1',
          member: id,
        }),
        201,
      );
      await ok(
        b3.post('/api/endorsements', {
          kind: 'correction',
          member: id,
          refers: 1,
          reason: '姓名录入错误',
          amend: { name: '授权测试乙' },
        }),
        201,
      );
      // 党费 at b1 for a member there; the dues profile is upserted, dues_through moves.
      const payer = await json<{ id: string }>(
        await ok(b1.post('/api/members', person({ org: 'b1' })), 201),
      );
      await ok(
        b1.post('/api/orgs/b1/dues/2026-02', {
          rows: [{ member: payer.id, kind: '在职', base: '4000.00', amount: '40.00' }],
        }),
        201,
      );
      // The annual filing: b1 and b2 file and are accepted, then c1 files over them.
      for (const b of ['b1', 'b2']) {
        await fileAnnual(t.deps, { org: b, year: 2025, officer: 'g', cover: COVER });
        await reviewFiling(t.deps, { child: b, year: 2025, action: 'accepted', officer: 'g' });
      }
      await ok(c1.post('/api/orgs/c1/filings/2025', { cover: COVER }), 201);
      // Tokens and the HR system; a new login made by a secretary; a password change.
      const token = await json<{ id: string; token: string }>(
        await ok(
          c1.post('/api/tokens', { org: 'c1', name: '人事系统', abilities: ['hr:moves'] }),
          201,
        ),
      );
      await ok(
        Client.withToken(t.app, token.token).post('/api/hr/moves', {
          nationalId: person().nationalId,
          from: 'b1',
          to: 'b2',
          date: '2026-02-01',
        }),
        201,
      );
      await ok(c1.delete(`/api/tokens/${token.id}`), 204);
      await ok(
        c1.post('/api/accounts', {
          kind: 'officer',
          username: 'g-new',
          displayName: '新干事',
          password: 'a long enough password',
          roles: [{ org: 'b1', role: 'viewer' }],
        }),
        201,
      );
      await ok(
        b1.post('/api/password', { current: PASSWORD, password: 'another long passphrase 2026' }),
        204,
      );
      // The log: integrate signs a checkpoint (nodes, checkpoint rows, counter); the bundle verifies.
      const cp = await integrate(t.deps);
      expect(cp!.size).toBeGreaterThan(0);
      await ok(b3.get('/log/checkpoint'), 200);
      const bundle = await (await ok(b3.get(`/api/members/${id}/bundle`), 200)).text();
      expect(
        (await verifyBundle(bundle, rootJwk, t.deps.now(), { verifier: t.deps.verifier })).valid,
      ).toBe(true);
      // A key revoked by the administrator (the owner: `pmcert keys rotate`, `keys revoke`): the
      // app re-issues the credential it signed on the next fetch (an UPDATE of members.credential).
      const ownerDeps = await testDeps(s.owner, t.deps.clock, kekText);
      const before = (await loadMember(t.deps, id)).row.credential;
      const oldKid = (await trustList(t.deps)).keys.find(
        (k) => k.org === 'b3' && !k.revocation,
      )!.kid;
      await rotateOrgKey(ownerDeps, 'b3');
      await revokeOrgKey(ownerDeps, oldKid, t.deps.now() - 1);
      t.deps.clock.advanceDays(1 / 86400);
      const after = await json<{ credential: string }>(await ok(b3.get(`/api/members/${id}`), 200));
      expect(after.credential).not.toBe(before);
      expect(
        await verifyCredential(
          after.credential,
          await trustList(t.deps),
          t.deps.now(),
          t.deps.verifier,
        ),
      ).toMatchObject({ valid: true });
      await ok(b3.get(`/api/members/${id}/qr.png`), 200);
      await ok(b1.delete('/api/session'), 204);
      expect((await b1.get('/api/me')).status).toBe(401);
    });

    it('refuses UPDATE and DELETE of history (permission denied); the owner, as a control, could', async () => {
      for (const table of ['audit_events', 'ledger_entries', 'log_leaves', 'dues_lines']) {
        const [{ n }] = await asApp.unsafe<[{ n: number }]>(
          `select count(*)::int as n from ${table}`,
        );
        expect(n, `${table} has rows to protect`).toBeGreaterThan(0);
      }
      const refused = [
        `UPDATE audit_events SET outcome = 'ok'`,
        `DELETE FROM audit_events`,
        `UPDATE ledger_entries SET jws = jws`,
        `DELETE FROM ledger_entries`,
        `DELETE FROM ledger_entries_default`,
        `DELETE FROM ledger_positions`,
        `UPDATE log_leaves SET data = data`,
        `DELETE FROM log_leaves`,
        `UPDATE log_nodes SET hash = hash`,
        `DELETE FROM log_checkpoints`,
        `UPDATE log_objects SET jws = jws`,
        `DELETE FROM dues_lines`,
        `UPDATE dues_batches SET total_fen = 0`,
        `UPDATE annual_filings SET claims = claims`,
        `DELETE FROM annual_filings`,
        `DELETE FROM hr_moves`,
        `DELETE FROM members`,
        `UPDATE members SET national_id_sealed = national_id_sealed`,
        `UPDATE members SET birth_date = birth_date`,
        `UPDATE org_keys SET revoked_at = NULL`,
        `DELETE FROM org_keys`,
        `UPDATE settings SET value = value`,
        // An org's parent moves (with its history in `moves`); its id and type do not.
        `UPDATE organisations SET type = type`,
        `DELETE FROM organisations`,
        `DELETE FROM accounts`,
        `TRUNCATE audit_events`,
        `TRUNCATE ledger_entries`,
        `CREATE TABLE pmc_intruder (a int)`,
      ];
      for (const statement of refused) {
        const err = await asApp.unsafe(statement).then(
          () => undefined,
          (e: unknown) => e as { code?: string; message?: string },
        );
        expect(err, statement).toBeDefined();
        expect(err!.code, `${statement}: ${err!.message}`).toBe('42501'); // insufficient_privilege
        expect(err!.message).toMatch(/permission denied/);
      }
      // The control: the same rewrite as the owner goes through (rolled back).
      const deleted = await asOwner
        .begin(async (tx) => {
          const rows = await tx.unsafe('DELETE FROM audit_events RETURNING id');
          throw Object.assign(new Error('rollback'), { n: rows.length });
        })
        .catch((e: { n?: number }) => e.n);
      expect(deleted).toBeGreaterThan(0);
    });

    it('grants no UPDATE or DELETE on any append-only table, and names every table of the schema', async () => {
      const has = async (table: string, what: string) =>
        (
          await asOwner.unsafe<[{ v: boolean }]>(
            `select ${what === 'UPDATE' ? 'has_any_column_privilege' : 'has_table_privilege'}($1, $2, $3) as v`,
            [s.role, table, what],
          )
        )[0].v;
      for (const table of APPEND_ONLY) {
        expect(await has(table, 'INSERT'), `${table} INSERT`).toBe(true);
        expect(await has(table, 'SELECT'), `${table} SELECT`).toBe(true);
        for (const what of ['UPDATE', 'DELETE', 'TRUNCATE'])
          expect(await has(table, what), `${table} ${what}`).toBe(false);
      }
      const tables = (
        await asOwner.unsafe<{ t: string }[]>(
          `select c.relname as t from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition order by 1`,
        )
      ).map((r) => r.t);
      expect(tables.length).toBeGreaterThan(20);
      const sql = grantStatements(s.role).join('\n');
      const missing = tables.filter((t) => !new RegExp(`\\bON ${t} TO\\b`).test(sql));
      expect(missing, 'tables with no line in docs/grants.sql').toEqual([]);
    });

    it('the sessions purge at login is served by indexes (migration 0008), not a table scan', async () => {
      const plan = await asOwner.begin(async (tx) => {
        await tx.unsafe('SET LOCAL enable_seqscan = off');
        return tx.unsafe<{ 'QUERY PLAN': string }[]>(
          `EXPLAIN DELETE FROM sessions WHERE expires_at <= now() OR last_seen_at <= now() - interval '30 minutes' OR revoked_at IS NOT NULL`,
        );
      });
      const text = plan.map((r) => r['QUERY PLAN']).join('\n');
      expect(text).not.toMatch(/Seq Scan/);
      for (const index of [
        'sessions_expires_idx',
        'sessions_last_seen_idx',
        'sessions_revoked_idx',
      ])
        expect(text).toContain(index);
    });
  },
);

const COVER = { filer: '李四', responsible: '王五', phone: '010-12345678', date: '2026-02-01' };
