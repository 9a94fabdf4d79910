import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../support/stores.ts';

/**
 * postgres.js 3.4.9 ends the process when the server terminates a connection
 * under load (its issues #1154, #1208): `nextWrite` runs on a null socket from
 * a timer, and `fetchArrayTypes` rejects with no one awaiting. The package is
 * installed patched from vendor/postgres (see PMCERT-PATCH.md). This loop of
 * transactions against `pg_terminate_backend` every 50 ms crashed the
 * unpatched driver within 2 s in every run here; patched, every failure is a
 * rejected promise the caller catches, and the pool recovers.
 */
const URL_SET = !!process.env.DATABASE_URL;

describe.skipIf(!URL_SET)('postgres.js under terminated backends', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('is the patched package', () => {
    const require = createRequire(import.meta.url);
    const entry = require.resolve('postgres');
    const src = readFileSync(entry.replace(/cjs\/src\/index\.js$/, 'src/connection.js'), 'utf8');
    expect(src).toContain('pmcert patch (porsager/postgres#1154, #1208)');
  });

  it('a query that fails after some rows leaves the next query its own rows (patch 5)', async () => {
    const sql = postgres(db.url, { max: 1, onnotice: () => {} });
    try {
      // 1/(3-i) sends two rows, then fails with division by zero at i = 3.
      await expect(sql`select 1 / (3 - i) as x from generate_series(1, 5) i`).rejects.toMatchObject(
        { code: '22012' },
      );
      const rows = await sql`select 42 as n`;
      expect([...rows]).toEqual([{ n: 42 }]);
    } finally {
      await sql.end({ timeout: 2 });
    }
  });

  it('no uncaught exception or unhandled rejection; every failure is a catchable connection error', async () => {
    const escaped: unknown[] = [];
    const onEscape = (e: unknown) => escaped.push(e);
    process.on('uncaughtException', onEscape);
    process.on('unhandledRejection', onEscape);
    const app = `pmc_victim_${Math.random().toString(36).slice(2)}`;
    const sql = postgres(db.url, {
      max: 4,
      onnotice: () => {},
      connection: { application_name: app },
    });
    const killer = postgres(db.url, { max: 1, onnotice: () => {} });
    let ok = 0;
    const codes: Record<string, number> = {};
    const countFailure = (e: unknown) => {
      const code = String((e as { code?: string }).code ?? (e as Error).name);
      codes[code] = (codes[code] ?? 0) + 1;
    };
    try {
      const until = Date.now() + 4000;
      const kills = new Set<Promise<unknown>>();
      const kill = setInterval(() => {
        const k =
          killer`select pg_terminate_backend(pid) from pg_stat_activity where application_name = ${app}`.catch(
            () => {},
          );
        kills.add(k);
        void k.finally(() => kills.delete(k));
      }, 50);
      const loop = async () => {
        while (Date.now() < until) {
          try {
            await sql.begin(async (tx) => {
              await tx`select 1`;
              await tx`select pg_sleep(0.002)`;
              await tx`select 2`;
            });
            ok++;
          } catch (e) {
            countFailure(e);
          }
        }
      };
      await Promise.all(Array.from({ length: 8 }, loop));
      clearInterval(kill);
      // A kill still in flight, or a backend signalled but not yet gone, can still end the first
      // tries: recovery is a right answer within a few, each failure a connection error, never a
      // wrong answer.
      await Promise.allSettled([...kills]);
      let answer: unknown;
      for (let i = 0; i < 10 && answer === undefined; i++) {
        try {
          const [row] = await sql`select 42 as n`;
          answer = row?.n ?? JSON.stringify(row ?? null);
        } catch (e) {
          countFailure(e);
          await new Promise((r) => setTimeout(r, 100));
        }
      }
      expect(answer).toBe(42);
      console.log(`postgres.js: ${ok} transactions committed, failures by code`, codes);
    } finally {
      process.off('uncaughtException', onEscape);
      process.off('unhandledRejection', onEscape);
      await sql.end({ timeout: 2 });
      await killer.end({ timeout: 2 });
    }
    expect(escaped).toEqual([]);
    const failures = Object.values(codes).reduce((a, b) => a + b, 0);
    expect(failures).toBeGreaterThan(0); // the loop did terminate backends mid-transaction
    for (const code of Object.keys(codes))
      expect([
        'CONNECTION_CLOSED',
        'CONNECTION_DESTROYED',
        'ECONNRESET',
        'EPIPE',
        '57P01',
      ]).toContain(code);
  });
});
