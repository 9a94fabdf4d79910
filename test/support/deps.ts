import { newKekText } from '../../src/crypto/keys.ts';
import { nodeVerifier } from '../../src/runtime/node-verifier.ts';
import { buildServiceDeps, type ServiceDeps } from '../../src/service/deps.ts';
import { addOrg, initInstallation } from '../../src/service/orgs.ts';
import type { Store } from '../../src/store/db.ts';
import { createAppendBatcher } from '../../src/store/append.ts';

/** A settable clock: tests move time explicitly. */
export function testClock(startIso = '2026-03-01T08:00:00Z') {
  let now = Math.floor(Date.parse(startIso) / 1000);
  return {
    now: () => now,
    advanceDays: (days: number) => {
      now += Math.round(days * 86400);
    },
    set: (iso: string) => {
      now = Math.floor(Date.parse(iso) / 1000);
    },
  };
}

export async function testDeps(
  store: Store,
  clock = testClock(),
  kekText = newKekText(),
): Promise<ServiceDeps & { clock: typeof clock }> {
  const deps = await buildServiceDeps({
    db: store.db,
    kekText,
    now: clock.now,
    publicUrl: 'https://pmc.example.cn',
    verifier: nodeVerifier(),
    // Group commit, as the server runs it: the suites exercise the batched path.
    ledger: createAppendBatcher(store.db),
  });
  return { ...deps, clock };
}

/** root → c1 (committee) → b1, b2 (branches); c2 (committee) → b3. */
export async function seedTree(deps: ServiceDeps) {
  const { rootJwk } = await initInstallation(deps, { id: 'root', name: '市委组织部' });
  await addOrg(deps, { id: 'c1', name: '公安局党委', type: 'committee', parent: 'root' });
  await addOrg(deps, { id: 'b1', name: '刑侦支队党支部', type: 'branch', parent: 'c1' });
  await addOrg(deps, { id: 'b2', name: '交警支队党支部', type: 'branch', parent: 'c1' });
  await addOrg(deps, { id: 'c2', name: '教育局党委', type: 'committee', parent: 'root' });
  await addOrg(deps, { id: 'b3', name: '第一中学党支部', type: 'branch', parent: 'c2' });
  return { rootJwk };
}
