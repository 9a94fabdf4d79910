/**
 * The endorsement workload shared by bench:http (Node server) and
 * bench:worker-http (the Worker under workerd): the same tree, officers and
 * members, and the same loop of transfer_out → arrival pairs over HTTP.
 */
import { nodeVerifier } from '../../src/runtime/node-verifier.ts';
import { createAccount } from '../../src/service/accounts.ts';
import { buildServiceDeps } from '../../src/service/deps.ts';
import { enroll } from '../../src/service/members.ts';
import { addOrg, initInstallation } from '../../src/service/orgs.ts';
import { openPostgres } from '../../src/store/postgres.ts';
import { person } from '../../test/support/people.ts';

export const PASSWORD = 'bench password 2026';

export type BenchMember = { id: string; org: string; credential: string };

export interface LoadResult {
  endorsements: number;
  errors: Map<number, number>;
  seconds: number;
  latencies: Float64Array;
}

/** root → c1 → b1, b2; one secretary login `bench-<c>` per client; `perClient` members each, through the service (not timed). */
export async function setUpBench(
  url: string,
  kekText: string,
  opts: { publicUrl: string; clients: number; perClient: number },
): Promise<BenchMember[][]> {
  const store = await openPostgres(url, { max: 8 });
  const deps = await buildServiceDeps({
    db: store.db,
    kekText,
    publicUrl: opts.publicUrl,
    verifier: nodeVerifier(),
  });
  await initInstallation(deps, { id: 'root', name: '市委组织部' });
  await addOrg(deps, { id: 'c1', name: '公安局党委', type: 'committee', parent: 'root' });
  await addOrg(deps, { id: 'b1', name: '刑侦支队党支部', type: 'branch', parent: 'c1' });
  await addOrg(deps, { id: 'b2', name: '交警支队党支部', type: 'branch', parent: 'c1' });
  const out: BenchMember[][] = [];
  for (let c = 0; c < opts.clients; c++) {
    await createAccount(
      deps,
      {
        kind: 'officer',
        username: `bench-${c}`,
        displayName: `officer ${c}`,
        password: PASSWORD,
        roles: [{ org: 'c1', role: 'secretary' }],
      },
      null,
    );
    const mine = await Promise.all(
      Array.from({ length: opts.perClient }, async (_, i) => {
        const org = i % 2 ? 'b2' : 'b1';
        const { id, credential } = await enroll(
          deps,
          person({ org, birth: `19${60 + (c % 40)}-0${1 + (i % 9)}-1${i % 10}` }),
          { org, officer: 'bench' },
        );
        return { id, org, credential };
      }),
    );
    out.push(mine);
  }
  await store.close();
  return out;
}

/**
 * Each client logs in, then loops over its own members: transfer_out with the
 * scanned credential, arrival with the one that came back. `warmPairs` pairs
 * in all go first, uncounted (JIT, pools, key caches); then `seconds` are timed.
 */
export async function runEndorseLoad(
  base: string,
  members: BenchMember[][],
  opts: { seconds: number; warmPairs: number; origin?: string },
): Promise<LoadResult> {
  const headers = (extra: Record<string, string>) => ({
    'content-type': 'application/json',
    ...(opts.origin ? { origin: opts.origin } : {}),
    ...extra,
  });
  const sessions = await Promise.all(
    members.map(async (_, c) => {
      const res = await fetch(`${base}/api/session`, {
        method: 'POST',
        headers: headers({}),
        body: JSON.stringify({ username: `bench-${c}`, password: PASSWORD }),
      });
      if (res.status !== 201) throw new Error(`login: ${res.status} ${await res.text()}`);
      const { csrfToken } = (await res.json()) as { csrfToken: string };
      return { cookie: res.headers.get('set-cookie')!.split(';')[0]!, csrf: csrfToken };
    }),
  );
  const latencies: number[] = [];
  const errors = new Map<number, number>();
  let endorsements = 0;
  let counting = false;
  const post = async (c: number, body: unknown): Promise<{ credential: string } | undefined> => {
    const t0 = performance.now();
    const res = await fetch(`${base}/api/endorsements`, {
      method: 'POST',
      headers: headers({ cookie: sessions[c]!.cookie, 'x-csrf-token': sessions[c]!.csrf }),
      body: JSON.stringify(body),
    });
    const text = await res.text();
    if (counting) latencies.push(performance.now() - t0);
    if (res.status !== 201) {
      if (counting) errors.set(res.status, (errors.get(res.status) ?? 0) + 1);
      if ((errors.get(res.status) ?? 0) < 3)
        console.error(`HTTP ${res.status}: ${text.slice(0, 300)}`);
      return undefined;
    }
    if (counting) endorsements++;
    return JSON.parse(text) as { credential: string };
  };
  const client = async (c: number, until: () => boolean) => {
    const mine = members[c]!;
    for (let i = 0; until(); i = (i + 1) % mine.length) {
      const m = mine[i]!;
      const to = m.org === 'b1' ? 'b2' : 'b1';
      const out = await post(c, { kind: 'transfer_out', credential: m.credential, to });
      if (!out) continue;
      m.credential = out.credential;
      const arrived = await post(c, { kind: 'arrival', credential: out.credential });
      if (!arrived) continue;
      m.credential = arrived.credential;
      m.org = to;
    }
  };
  let warm = 0;
  await Promise.all(members.map((_, c) => client(c, () => warm++ < opts.warmPairs)));
  counting = true;
  const start = performance.now();
  const end = start + opts.seconds * 1000;
  await Promise.all(members.map((_, c) => client(c, () => performance.now() < end)));
  return {
    endorsements,
    errors,
    seconds: (performance.now() - start) / 1000,
    latencies: Float64Array.from(latencies).sort(),
  };
}

/** The latency at quantile p (0..1) of a sorted sample. */
export const quantile = (sorted: Float64Array, p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
