import cluster from 'node:cluster';
import { LABELS, say, t } from '../i18n/messages.ts';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidInput, PmcError } from '../errors.ts';
import { startNodeServer } from '../runtime/node.ts';
import { installProcessGuards, reforkDelayMs } from '../runtime/process-guard.ts';
import { createAccount } from '../service/accounts.ts';
import type { Role } from '../service/authorisation.ts';
import type { ServiceDeps } from '../service/deps.ts';
import { enroll } from '../service/members.ts';
import { planDemo, type DemoScale } from '../demo/bureau.ts';
import { runDemoHistory } from '../service/demo-history.ts';
import { addOrg, checkKek } from '../service/orgs.ts';
import { createApiToken } from '../service/tokens.ts';
import { countAccounts } from '../store/accounts.ts';
import { getOrg, getSetting } from '../store/queries.ts';
import { openContext, type CliEnv } from './context.ts';
import { DEMO_TREE, demoNationalId } from './demo.ts';

/** Demo logins: one password for all, printed at every start (demo data only). */
export const DEMO_PASSWORD = 'pmcert-demo-2026';
export const DEMO_LOGINS: {
  username: string;
  displayName: string;
  roles: { org: string; role: Role }[];
  note: string;
}[] = [
  {
    username: 'admin',
    displayName: '组织部管理员',
    roles: [{ org: 'root', role: 'secretary' }],
    note: '市委组织部 secretary: everything, audit',
  },
  {
    username: 'gaj.secretary',
    displayName: '公安局党委书记',
    roles: [{ org: 'gaj', role: 'secretary' }],
    note: '市公安局党委 secretary (审批权)',
  },
  {
    username: 'xz.organizer',
    displayName: '刑侦支队组织委员',
    roles: [{ org: 'gaj-xz', role: 'organizer' }],
    note: '刑侦支队党支部 organizer: transfers',
  },
  {
    username: 'xz.clerk',
    displayName: '刑侦支队党务干事',
    roles: [{ org: 'gaj-xz', role: 'clerk' }],
    note: '刑侦支队党支部 clerk: enrol, 证明信',
  },
  {
    username: 'y1.secretary',
    displayName: '第一中学支部书记',
    roles: [{ org: 'jyj-y1', role: 'secretary' }],
    note: '第一中学党支部 secretary: arrivals',
  },
  {
    username: 'viewer',
    displayName: '只读账户',
    roles: [{ org: 'root', role: 'viewer' }],
    note: 'read-only over everything',
  },
];
const DEMO_MEMBER = {
  username: 'zhang.weiguo',
  note: 'member 张卫国 at 刑侦支队: own record and QR',
};

/**
 * `pmcert serve`: the HTTP API on Node. With --demo (what `npm start` runs) it
 * first makes, once, the root, a small demo tree, a member and demo logins.
 * Without it, an installation with no accounts gets one `admin` with a random
 * password, printed once.
 */
export interface ServeInput {
  demo: boolean;
  port?: number | undefined;
  host?: string | undefined;
  data?: string | undefined;
  workers?: number | undefined;
}

export async function runServe(f: ServeInput, cli: CliEnv): Promise<number> {
  const port = f.port ?? Number(cli.env.PORT ?? 8787);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    cli.err('PORT must be 0-65535');
    return 2;
  }
  const workers = f.workers ?? Number(cli.env.PMC_WORKERS ?? 1);
  if (!Number.isInteger(workers) || workers < 1 || workers > 64) {
    cli.err('PMC_WORKERS must be 1-64');
    return 2;
  }
  if (workers > 1 && !cli.env.DATABASE_URL) {
    cli.err(
      '--workers > 1 needs PostgreSQL (DATABASE_URL): embedded PGlite belongs to one process',
    );
    return 2;
  }
  // Production must name itself: without PMC_PUBLIC_URL, QR links and the allowed origin would say localhost.
  if (cli.env.NODE_ENV === 'production' && !cli.env.PMC_PUBLIC_URL) {
    cli.err(t(LABELS, 'public_url_required', cli.lang));
    return 2;
  }
  // A server process outlives any one request's error (src/runtime/process-guard.ts).
  installProcessGuards({
    log: (what, err) => console.error(`pmcert serve: ${what}:`, err),
    exitOnUncaught: cluster.isWorker,
  });
  if (cluster.isWorker) {
    try {
      return await runWorker(cli, f.data, port, f.host ?? cli.env.PMC_HOST ?? '127.0.0.1');
    } catch (err) {
      // Nothing served yet, nothing to flush: the primary forks another one later.
      cli.err(`worker ${process.pid} failed to start: ${String(err)}`);
      process.exit(1);
    }
  }
  const opened = await openContext(cli, { data: f.data, create: f.demo });
  try {
    const deps = opened.deps;
    if (!f.demo) await checkKek(deps);
    const host = f.host ?? cli.env.PMC_HOST ?? '127.0.0.1';
    if (!cli.env.PMC_PUBLIC_URL) deps.publicUrl = `http://localhost:${port}`;
    const lines = f.demo
      ? await ensureDemo(deps, opened.dataDir, cli)
      : await ensureAdmin(deps, cli);
    const local = new URL(deps.publicUrl);
    const origins = [local.origin];
    if (local.hostname === 'localhost') origins.push(`${local.protocol}//127.0.0.1:${local.port}`);
    let url: string;
    let stop: () => Promise<void>;
    if (workers > 1) {
      // Several processes share the port (node:cluster); each has its own caches and batchers, the database is shared.
      ({ url, stop } = await forkWorkers(workers, {
        PMC_PUBLIC_URL: deps.publicUrl,
        PMC_ORIGINS: origins.join(' '),
      }));
    } else {
      const server = await startNodeServer({
        service: deps,
        port,
        hostname: host,
        trustProxy: cli.env.PMC_TRUST_PROXY === '1',
        config: { allowedOrigins: origins },
      });
      ({ url } = server);
      stop = server.close;
    }
    cli.out(
      say(
        cli.lang,
        `pmcert 服务已启动：${url}（公开地址 ${deps.publicUrl}）；存储：${opened.store.driver}${workers > 1 ? `，${workers} 个工作进程` : ''}`,
        `pmcert API on ${url} (public URL ${deps.publicUrl}); storage: ${opened.store.driver}${workers > 1 ? `, ${workers} worker processes` : ''}`,
      ),
    );
    cli.out(
      `  ${say(cli.lang, '接口文档', 'API reference')}  ${deps.publicUrl}/docs   OpenAPI  ${deps.publicUrl}/openapi.json`,
    );
    cli.out(
      `  ${say(cli.lang, '信任列表', 'trust list')}     ${deps.publicUrl}/.well-known/pmc/trust.json`,
    );
    for (const l of lines) cli.out(l);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    cli.out(say(cli.lang, '正在停止', 'stopping'));
    await stop();
    return 0;
  } catch (err) {
    cli.err(err instanceof PmcError ? `${err.code}: ${err.message}` : String(err));
    return 2;
  } finally {
    await opened.store.close();
  }
}

async function ensureAdmin(deps: ServiceDeps, cli: CliEnv): Promise<string[]> {
  if (await countAccounts(deps.db)) return [];
  const root = await getSetting(deps.db, 'root_org');
  if (!root)
    throw new InvalidInput(
      'data',
      'this database is not initialised: run `pmcert init` first (or serve --demo)',
    );
  const password = crypto
    .getRandomValues(new Uint8Array(15))
    .reduce((s, b) => s + 'abcdefghjkmnpqrstuvwxyz23456789'[b % 31], '');
  await createAccount(
    deps,
    {
      kind: 'officer',
      username: 'admin',
      displayName: 'Administrator',
      password,
      roles: [{ org: root, role: 'secretary' }],
    },
    null,
    { mustChangePassword: true },
  );
  return [
    say(
      cli.lang,
      `  首次启动：已创建登录账号 admin / ${password}（${root} 书记）——仅显示一次，请妥善保存`,
      `  first start: created login admin / ${password} (secretary at ${root}) — shown once, keep it`,
    ),
  ];
}

/**
 * The demo, once per installation: the root, the tree and three years of
 * history (the slice of the demo bureau, or `scale`), then the demo logins,
 * 张卫国 and an HR token. Later starts only print the logins.
 */
export async function ensureDemo(
  deps: ServiceDeps,
  dataDir: string,
  cli: CliEnv,
  opts: { scale?: DemoScale; seed?: number; bureaus?: number } = {},
): Promise<string[]> {
  const lines: string[] = [];
  if (!(await getSetting(deps.db, 'root_org'))) {
    // Ends yesterday, so every simulated entry precedes the real-time ones made below.
    const plan = planDemo({ ...opts, end: deps.now() - 86_400 });
    const r = await runDemoHistory(deps, plan, (l) => cli.err(`  … ${l}`));
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(join(dataDir, 'root.jwk'), `${JSON.stringify(r.rootJwk, null, 2)}\n`);
    cli.out(
      say(
        cli.lang,
        `已创建根组织 市委组织部；其公钥在 ${join(dataDir, 'root.jwk')}`,
        `created the root 市委组织部; its public key is in ${join(dataDir, 'root.jwk')}`,
      ),
    );
    cli.out(
      say(
        cli.lang,
        `演示历史（${plan.scale}，种子 ${plan.seed}，三年）：${r.orgs} 个组织、${r.members} 名党员、${r.entries} 条签名记录、${r.duesBatches} 批党费、${r.checkpoints} 个检查点；用时 ${(r.ms / 1000).toFixed(1)} 秒，每秒 ${r.perSecond} 个签名对象`,
        `demo history (${plan.scale}, seed ${plan.seed}, three years): ${r.orgs} orgs, ${r.members} members, ${r.entries} signed entries, ${r.duesBatches} dues batches, ${r.checkpoints} checkpoints in ${(r.ms / 1000).toFixed(1)} s, ${r.perSecond} signed objects/s`,
      ),
    );
    for (const x of r.refused.slice(0, 5))
      cli.err(`  ${say(cli.lang, '未能重放', 'not replayed')}: ${x.event.kind} ${x.message}`);
  }
  for (const org of DEMO_TREE) if (!(await getOrg(deps.db, org.id))) await addOrg(deps, { ...org });
  if (!(await countAccounts(deps.db))) {
    for (const l of DEMO_LOGINS)
      await createAccount(
        deps,
        {
          kind: 'officer',
          username: l.username,
          displayName: l.displayName,
          password: DEMO_PASSWORD,
          roles: l.roles,
        },
        null,
      );
    const serial = String(100 + Math.floor(Math.random() * 900));
    const { id } = await enroll(
      deps,
      {
        org: 'gaj-xz',
        name: '张卫国',
        gender: 'M',
        birth: '1985-03-12',
        nationalId: demoNationalId('110105', '1985-03-12', serial),
        joined: '2010-07-01',
        personnel: 'police',
      },
      { org: 'gaj-xz', officer: 'demo' },
    );
    await createAccount(
      deps,
      { kind: 'member', username: DEMO_MEMBER.username, password: DEMO_PASSWORD, member: id },
      null,
    );
    const { token } = await createApiToken(
      deps,
      { org: 'root', name: '人事系统 (demo)', abilities: ['hr:moves'] },
      'demo',
    );
    lines.push(
      say(
        cli.lang,
        `  首次启动：人事系统 API 令牌（仅显示一次）：${token}`,
        `  first start: HR system API token (shown once): ${token}`,
      ),
    );
  }
  lines.push(
    say(
      cli.lang,
      `  演示账号（密码均为 ${DEMO_PASSWORD}；仅限演示数据）：`,
      `  demo logins (password ${DEMO_PASSWORD} for all; demo data only):`,
    ),
  );
  for (const l of [...DEMO_LOGINS, DEMO_MEMBER])
    lines.push(`    ${l.username.padEnd(16)} ${l.note}`);
  return lines;
}

/**
 * Forks `n` workers and keeps `n` alive: a worker that dies (a crash, kill -9,
 * an exit after an uncaught exception) is forked again, at once if it had been
 * serving, with a growing delay while new ones die young. The primary itself
 * serves no request, so nothing a request does can end it.
 */
export async function forkWorkers(
  n: number,
  env: Record<string, string>,
  log: (s: string) => void = (s) => console.error(s),
): Promise<{ url: string; stop: () => Promise<void>; forks: () => number }> {
  let stopping = false;
  let forks = 0;
  let delay = 0;
  const live = new Set<ReturnType<typeof cluster.fork>>();
  const start = (): Promise<string> => {
    const w = cluster.fork(env);
    forks++;
    live.add(w);
    const born = Date.now();
    return new Promise<string>((resolve, reject) => {
      w.on('message', (m: { url?: string }) =>
        m.url ? resolve(m.url) : reject(new Error('worker failed to start')),
      );
      w.once('exit', (code, signal) => {
        live.delete(w);
        reject(new Error(`worker exited ${code ?? signal}`));
        if (stopping) return;
        delay = reforkDelayMs(delay, Date.now() - born);
        log(`worker ${w.process.pid} exited (${signal ?? code}); forking a new one in ${delay} ms`);
        setTimeout(() => {
          if (!stopping) start().catch(() => {});
        }, delay);
      });
    });
  };
  const stop = async () => {
    stopping = true;
    await Promise.all(
      [...live].map(
        (w) =>
          new Promise<void>((done) =>
            w.isDead() ? done() : (w.once('exit', () => done()), w.kill('SIGTERM')),
          ),
      ),
    );
  };
  let urls: string[];
  try {
    urls = await Promise.all(Array.from({ length: n }, start));
  } catch (err) {
    await stop(); // a worker that cannot start at all: the primary reports it and exits
    throw err;
  }
  return { url: urls[0]!, stop, forks: () => forks };
}

/** A cluster worker: open the store, serve, report the URL to the primary, stop on SIGTERM. */
async function runWorker(
  cli: CliEnv,
  data: string | undefined,
  port: number,
  host: string,
): Promise<number> {
  const opened = await openContext(cli, { data });
  try {
    await checkKek(opened.deps);
    opened.deps.publicUrl = cli.env.PMC_PUBLIC_URL ?? opened.deps.publicUrl;
    const server = await startNodeServer({
      service: opened.deps,
      port,
      hostname: host,
      trustProxy: cli.env.PMC_TRUST_PROXY === '1',
      config: {
        allowedOrigins: (cli.env.PMC_ORIGINS ?? new URL(opened.deps.publicUrl).origin).split(' '),
      },
    });
    process.send?.({ url: server.url });
    // SIGINT too: a Ctrl-C in the terminal reaches the whole process group.
    await new Promise<void>((resolve) => {
      process.once('SIGTERM', resolve);
      process.once('SIGINT', resolve);
    });
    await server.close();
    return 0;
  } finally {
    await opened.store.close();
    cluster.worker?.disconnect();
  }
}
