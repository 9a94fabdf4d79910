import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { importKek, newKekText } from '../../../src/crypto/keys.ts';
import { DEFAULT_RULES } from '../../../src/domain/rules.ts';
import { nodeVerifier } from '../../../src/runtime/node-verifier.ts';
import { createAccount } from '../../../src/service/accounts.ts';
import { systemClock, type ServiceDeps } from '../../../src/service/deps.ts';
import { enroll } from '../../../src/service/members.ts';
import type { Store } from '../../../src/store/db.ts';
import { seedTree } from '../../support/deps.ts';
import { person } from '../../support/people.ts';

const BIN = fileURLToPath(new URL('../../../bin/pmcert.mjs', import.meta.url));
export const PASSWORD = 'fault suite password 2026';
export const ORIGIN = 'http://localhost';

export const depsOf = async (store: Store, kekText: string): Promise<ServiceDeps> => ({
  db: store.db,
  kek: await importKek(kekText),
  now: systemClock,
  rules: DEFAULT_RULES,
  publicUrl: ORIGIN,
  verifier: nodeVerifier(),
  keyCache: new Map(),
});

export type LoadMember = { id: string; org: string; credential: string };

/** The tree of test/support/deps.ts, one secretary at c1 per client, `perClient` members each at b1/b2. */
export async function setUpInstallation(
  store: Store,
  opts: { clients: number; perClient: number },
): Promise<{ kekText: string; members: LoadMember[][] }> {
  const kekText = newKekText();
  const deps = await depsOf(store, kekText);
  await seedTree(deps);
  const members: LoadMember[][] = [];
  for (let c = 0; c < opts.clients; c++) {
    await createAccount(
      deps,
      {
        kind: 'officer',
        username: `ops${c}`,
        displayName: `officer ${c}`,
        password: PASSWORD,
        roles: [{ org: 'c1', role: 'secretary' }],
      },
      null,
    );
    const mine: LoadMember[] = [];
    for (let i = 0; i < opts.perClient; i++) {
      const org = i % 2 ? 'b2' : 'b1';
      const birth = `19${60 + ((c * 7 + i) % 40)}-0${1 + (i % 9)}-1${(c + i) % 10}`;
      const { id, credential } = await enroll(deps, person({ org, birth }), {
        org,
        officer: 'setup',
      });
      mine.push({ id, org, credential });
    }
    members.push(mine);
  }
  return { kekText, members };
}

export interface Server {
  child: ChildProcess;
  base: string;
  output: () => string;
}

/** `pmcert serve` in its own process group (so kill -9 reaches every worker), on a free port. */
export async function startServe(
  env: Record<string, string>,
  args: string[] = [],
  timeoutMs = 60_000,
): Promise<Server> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', ...args], {
    env: { ...process.env, PMC_PUBLIC_URL: ORIGIN, PMC_LANG: 'en', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d));
  child.stderr!.on('data', (d: Buffer) => (out += d));
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${out}`)), timeoutMs);
    const onData = () => {
      const m = /API on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited ${code}: ${out}`));
    });
  });
  return { child, base, output: () => out };
}

/** kill -9 of the server's whole process group (primary and workers); resolves once it is gone. */
export async function kill9(s: Server): Promise<void> {
  if (s.child.exitCode !== null || s.child.signalCode !== null) return;
  const gone = new Promise<void>((r) => s.child.once('exit', () => r()));
  try {
    process.kill(-s.child.pid!, 'SIGKILL');
  } catch {
    s.child.kill('SIGKILL');
  }
  await gone;
}

const claimsOf = (jws: string): { st: string; org: string } =>
  JSON.parse(Buffer.from(jws.split('.')[1]!, 'base64url').toString('utf8'));

export interface Acknowledged {
  member: string;
  seq: number;
  hash: string;
}

export interface LoadTally {
  acknowledged: Acknowledged[];
  statuses: Map<number, number>;
  /** Bodies of responses that are neither 2xx, 409 nor 503 (at most a few). */
  odd: string[];
}

/**
 * Each client logs in, then loops over its own members: transfer_out, then
 * arrival with the credential that came back. Every 201 is recorded as
 * acknowledged. A 409 carries the current credential: the client goes on
 * from it (its previous write committed though its answer was lost). A 503
 * is retried. Stops when `stop()` says so; a request the server never
 * answered (it was killed) is neither acknowledged nor counted.
 */
export async function endorseLoad(
  base: string,
  members: LoadMember[][],
  stop: () => boolean,
  tally: LoadTally = { acknowledged: [], statuses: new Map(), odd: [] },
): Promise<LoadTally> {
  const headers = (extra: Record<string, string>) => ({
    'content-type': 'application/json',
    origin: ORIGIN,
    ...extra,
  });
  const login = async (c: number) => {
    for (;;) {
      const res = await fetch(`${base}/api/session`, {
        method: 'POST',
        headers: headers({}),
        body: JSON.stringify({ username: `ops${c}`, password: PASSWORD }),
      });
      if (res.status === 201) {
        const { csrfToken } = (await res.json()) as { csrfToken: string };
        return { cookie: res.headers.get('set-cookie')!.split(';')[0]!, csrf: csrfToken };
      }
      await res.text();
      if (stop()) return undefined;
      await new Promise((r) => setTimeout(r, 200));
    }
  };
  const client = async (c: number) => {
    const session = await login(c).catch(() => undefined);
    if (!session) return;
    const mine = members[c]!;
    for (let i = 0; !stop(); i = (i + 1) % mine.length) {
      const m = mine[i]!;
      // What to sign next follows from the credential itself: in transit → arrival, else transfer_out.
      const claims = claimsOf(m.credential);
      const body =
        claims.st === 'in_transit'
          ? { kind: 'arrival', credential: m.credential }
          : {
              kind: 'transfer_out',
              credential: m.credential,
              to: claims.org === 'b1' ? 'b2' : 'b1',
            };
      let res: Response;
      let text: string;
      try {
        res = await fetch(`${base}/api/endorsements`, {
          method: 'POST',
          headers: headers({ cookie: session.cookie, 'x-csrf-token': session.csrf }),
          body: JSON.stringify(body),
        });
        text = await res.text();
      } catch {
        if (stop()) return;
        await new Promise((r) => setTimeout(r, 100)); // the server is gone or restarting
        continue;
      }
      tally.statuses.set(res.status, (tally.statuses.get(res.status) ?? 0) + 1);
      if (res.status === 201) {
        const r = JSON.parse(text) as { seq: number; hash: string; credential: string };
        tally.acknowledged.push({ member: m.id, seq: r.seq, hash: r.hash });
        m.credential = r.credential;
      } else if (res.status === 409) {
        // The ledger moved on (our earlier write committed though its answer was lost): go on from what exists.
        const p = JSON.parse(text) as { current?: { credential: string } };
        if (p.current) m.credential = p.current.credential;
      } else if (res.status === 503) {
        await new Promise((r) => setTimeout(r, 100));
      } else if (tally.odd.length < 5) tally.odd.push(`${res.status} ${text.slice(0, 300)}`);
    }
  };
  await Promise.all(members.map((_, c) => client(c)));
  return tally;
}
