import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { newKekText } from '../crypto/keys.ts';
import { t, LABELS, type Lang } from '../i18n/messages.ts';
import { nodeVerifier } from '../runtime/node-verifier.ts';
import { buildServiceDeps, type ServiceDeps } from '../service/deps.ts';
import { checkKek } from '../service/orgs.ts';
import type { Store } from '../store/db.ts';
import { openStore } from '../store/open.ts';

export interface CliEnv {
  env: Record<string, string | undefined>;
  lang: Lang;
  out: (s: string) => void;
  err: (s: string) => void;
}

export interface Opened {
  deps: ServiceDeps;
  store: Store;
  dataDir: string;
}

export const dataDirOf = (flag: string | undefined, env: CliEnv['env']): string =>
  resolve(flag ?? env.PMC_DATA_DIR ?? 'data');

/**
 * The KEK: `PMC_KEK` when set. Only the embedded demo may keep one in its data
 * dir (made at init, with a warning); against PostgreSQL it must be set.
 */
function kekText(cli: CliEnv, dataDir: string, create: boolean): string {
  if (cli.env.PMC_KEK) return cli.env.PMC_KEK;
  if (cli.env.DATABASE_URL)
    throw new Error('PMC_KEK must be set when DATABASE_URL is used (32 random bytes, base64url)');
  const file = join(dataDir, 'kek');
  if (existsSync(file)) return readFileSync(file, 'utf8');
  if (!create)
    throw new Error(`no key-encryption key: set PMC_KEK, or run \`pmcert init --data ${dataDir}\``);
  mkdirSync(dataDir, { recursive: true });
  const text = newKekText();
  writeFileSync(file, text, { mode: 0o600 });
  cli.err(t(LABELS, 'kek_warning', cli.lang));
  return text;
}

/** Opens the store and builds the service dependencies from flags and the environment. */
export async function openContext(
  cli: CliEnv,
  opts: { data?: string | undefined; create?: boolean },
): Promise<Opened> {
  const dataDir = dataDirOf(opts.data, cli.env);
  if (!cli.env.DATABASE_URL && !opts.create && !existsSync(dataDir)) {
    throw new Error(`no database at ${dataDir}: run \`pmcert init --data ${dataDir}\` first`);
  }
  const kek = kekText(cli, dataDir, opts.create === true);
  if (!cli.env.DATABASE_URL) mkdirSync(dataDir, { recursive: true });
  const store = await openStore({
    databaseUrl: cli.env.DATABASE_URL,
    dataDir: join(dataDir, 'pglite'),
  });
  const at = cli.env.PMC_NOW;
  const deps = await buildServiceDeps({
    db: store.db,
    kekText: kek,
    ...(at ? { now: () => Math.floor(Date.parse(at) / 1000) } : {}),
    publicUrl: cli.env.PMC_PUBLIC_URL ?? 'http://localhost:8787',
    verifier: nodeVerifier(),
  });
  return { deps, store, dataDir };
}

/**
 * Opens the store, checks the KEK opens the org keys (unless `create`: a new
 * installation has none yet), runs `fn` and closes the store whatever happens.
 */
export async function withStore<T>(
  cli: CliEnv,
  opts: { data?: string | undefined; create?: boolean },
  fn: (opened: Opened) => Promise<T>,
): Promise<T> {
  const opened = await openContext(cli, opts);
  try {
    if (!opts.create) await checkKek(opened.deps);
    return await fn(opened);
  } finally {
    await opened.store.close();
  }
}

/** The officer named in signed entries: --officer, PMC_OFFICER, or the login name. */
export const officerOf = (flag: string | undefined, cli: CliEnv): string =>
  flag ?? cli.env.PMC_OFFICER ?? `cli:${loginName()}`;

function loginName(): string {
  try {
    return userInfo().username;
  } catch {
    return 'admin';
  }
}
