import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newKekText } from '../../src/crypto/keys.ts';
import { openCheckpoint } from '../../src/crypto/merkle/checkpoint.ts';
import { isValidKeyName, parseVerifierKey } from '../../src/crypto/merkle/note.ts';
import { nodeVerifier } from '../../src/runtime/node-verifier.ts';
import { exportBundle } from '../../src/service/bundle.ts';
import { buildServiceDeps } from '../../src/service/deps.ts';
import { integrate, logIdentity, originFor } from '../../src/service/log.ts';
import { enroll } from '../../src/service/members.ts';
import { INSTALLATION_SETTING } from '../../src/service/orgs.ts';
import type { Store } from '../../src/store/db.ts';
import { getSetting } from '../../src/store/queries.ts';
import { runCli } from '../support/cli.ts';
import { seedTree } from '../support/deps.ts';
import { person } from '../support/people.ts';
import { openTestStore } from '../support/stores.ts';

/**
 * The log's origin names one installation (issue 9 item 11): two installations
 * that set no public URL never publish checkpoints under one name with
 * different keys; an origin, once made at init, never moves.
 */
describe('the log origin, per installation (issue 9 item 11)', () => {
  const stores: Store[] = [];
  const install = async (publicUrl: string) => {
    const store = await openTestStore('pglite');
    stores.push(store);
    const kekText = newKekText();
    const deps = await buildServiceDeps({
      db: store.db,
      kekText,
      publicUrl,
      verifier: nodeVerifier(),
    });
    await seedTree(deps);
    return { store, deps, kekText };
  };
  afterAll(async () => {
    for (const s of stores) await s.close();
  });

  let a: Awaited<ReturnType<typeof install>>;
  let b: Awaited<ReturnType<typeof install>>;
  beforeAll(async () => {
    a = await install('http://localhost:8787');
    b = await install('http://localhost:8787');
  }, 300_000); // two embedded databases: slow on a loaded machine

  it('two installations on the default local URL get different origins, each stored at init with its installation id', async () => {
    const [ia, ib] = [await logIdentity(a.deps), await logIdentity(b.deps)];
    expect(ia.origin).not.toBe(ib.origin);
    for (const [x, id] of [
      [a, ia],
      [b, ib],
    ] as const) {
      const installation = await getSetting(x.deps.db, INSTALLATION_SETTING);
      expect(installation).toMatch(/^[a-z0-9]{16}$/);
      expect(id.origin).toBe(`localhost:8787/log/${installation}`);
      // Still a C2SP origin and a Go sumdb/note key name: no space, no '+'.
      expect(isValidKeyName(id.origin)).toBe(true);
      expect((await parseVerifierKey(id.vkey)).name).toBe(id.origin);
    }
  });

  it('a real public URL gives `<host>/log`, unchanged from before', async () => {
    expect(originFor('https://pmc.example.cn/', 'x')).toBe('pmc.example.cn/log');
    expect(originFor('https://pmc.example.cn:8443', 'x')).toBe('pmc.example.cn:8443/log');
    for (const local of ['http://127.0.0.1:9000', 'http://[::1]:80', 'http://pmc.localhost'])
      expect(originFor(local, 'abc')).toMatch(/\/log\/abc$/);
  });

  it('the origin is read back, not recomputed: a later public URL does not move it; checkpoints and bundles carry it', async () => {
    const { store, deps, kekText } = a;
    const before = await logIdentity(deps);
    const later = await buildServiceDeps({
      db: store.db,
      kekText,
      publicUrl: 'https://pmc.example.cn',
      verifier: nodeVerifier(),
    });
    expect(await logIdentity(later)).toEqual(before);
    const { id } = await enroll(later, person({ org: 'b1' }), { org: 'b1', officer: 'o' });
    const cp = await integrate(later);
    const opened = await openCheckpoint(cp!.note, {
      origin: before.origin,
      verifiers: [before.vkey],
    });
    expect(opened.size).toBeGreaterThan(0);
    expect((await exportBundle(later, id)).checkpoint).toContain(`${before.origin}\n`);
  });

  it('a production server refuses to start without PMC_PUBLIC_URL, saying so in both languages', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pmc-origin-'));
    try {
      for (const [lang, words] of [
        ['en', 'PMC_PUBLIC_URL'],
        ['zh', '必须设置 PMC_PUBLIC_URL'],
      ] as const) {
        const r = await runCli(['serve', '--port', '0'], {
          cwd: dir,
          env: { NODE_ENV: 'production', PMC_PUBLIC_URL: undefined, PMC_LANG: lang },
        });
        expect(r.code).toBe(2);
        expect(r.stderr).toContain(words);
        expect(r.stdout).toBe('');
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
