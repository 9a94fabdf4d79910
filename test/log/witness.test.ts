import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatCheckpoint } from '../../src/crypto/merkle/checkpoint.ts';
import { signNote } from '../../src/crypto/merkle/note.ts';
import { startNodeServer, type NodeServer } from '../../src/runtime/node.ts';
import { endorse } from '../../src/service/endorse.ts';
import { integrate, logIdentity, logSigner } from '../../src/service/log.ts';
import { enroll } from '../../src/service/members.ts';
import type { Store } from '../../src/store/db.ts';
import { eq } from 'drizzle-orm';
import { logCheckpoints } from '../../schema/index.ts';
import { runCli } from '../support/cli.ts';
import { seedTree, testDeps } from '../support/deps.ts';
import { person } from '../support/people.ts';
import { openTestStore } from '../support/stores.ts';

/**
 * `pmcert log watch` against a real server over HTTP: quiet while the log grows
 * consistently, an alarm (exit 1) on a fork or a rollback.
 */
describe('the witness (pmcert log watch)', () => {
  let store: Store;
  let deps: Awaited<ReturnType<typeof testDeps>>;
  let server: NodeServer;
  let dir: string;
  const watch = (...extra: string[]) =>
    runCli(
      [
        'log',
        'watch',
        server.url,
        '--root',
        join(dir, 'root.jwk'),
        '--state',
        join(dir, 'state.json'),
        ...extra,
      ],
      { cwd: dir },
    );

  beforeAll(async () => {
    store = await openTestStore('pglite');
    deps = await testDeps(store);
    const { rootJwk } = await seedTree(deps);
    dir = mkdtempSync(join(tmpdir(), 'pmc-witness-'));
    writeFileSync(join(dir, 'root.jwk'), JSON.stringify(rootJwk));
    server = await startNodeServer({ service: deps, port: 0, config: { cookieSecure: false } });
    await enroll(deps, person(), { org: 'b1', officer: 'w' });
    await integrate(deps);
  });
  afterAll(async () => {
    await server?.close();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('records the first checkpoint it sees, then accepts consistent growth', async () => {
    const first = await watch();
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/at 1 \(first sight\)/);

    const { id } = await enroll(deps, person(), { org: 'b1', officer: 'w' });
    await endorse(deps, {
      memberId: id,
      intent: { kind: 'transfer_out', to: 'b2' },
      actor: { org: 'b1', officer: 'w' },
    });
    await integrate(deps);
    const second = await watch();
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/at 3, consistent with 1/);
  });

  it('alarms on a fork: a validly signed checkpoint that does not extend the one it saw', async () => {
    await enroll(deps, person(), { org: 'b1', officer: 'w' });
    expect((await integrate(deps))!.size).toBe(4);
    // The operator (holding the log key) swaps the size-4 checkpoint for one with another root.
    const id = await logIdentity(deps);
    const bogus = new Uint8Array(32).fill(7);
    const forged = await signNote(
      formatCheckpoint({ origin: id.origin, size: 4, root: bogus }),
      await logSigner(deps, id),
    );
    await deps.db
      .update(logCheckpoints)
      .set({ note: forged, root: bogus })
      .where(eq(logCheckpoints.size, 4));
    const r = await watch();
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/ALARM: fork/);
    // The witness keeps what it trusted, not the forgery.
    expect(JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')).size).toBe(3);
  });

  it('alarms on a rollback', async () => {
    const state = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8'));
    writeFileSync(join(dir, 'state.json'), JSON.stringify({ ...state, size: 1000 }));
    const r = await watch();
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/ALARM: rollback/);
  });

  it('refuses a checkpoint not signed by the log key the root certified', async () => {
    const r = await runCli(
      [
        'log',
        'watch',
        server.url,
        '--vkey',
        'other.example/log+01020304+AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=',
        '--state',
        join(dir, 'other.json'),
      ],
      { cwd: dir },
    );
    expect(r.code).not.toBe(0);
  });
});
