import type { Context } from 'hono';
import { newCacheSlot } from '../http/caches.ts';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import * as schema from '../../schema/index.ts';
import { webCryptoVerifier } from '../crypto/jws.ts';
import type { AppDeps } from '../http/deps.ts';
import { buildServiceDeps, type ServiceDeps } from '../service/deps.ts';
import type { Db } from '../store/db.ts';
import { schemaBehindProblem } from '../http/problem.ts';
import { schemaStatus } from '../store/schema-status.ts';

/** The bindings wrangler.toml declares (types written out here rather than pulling in @cloudflare/workers-types, which fights the DOM lib). */
export interface WorkerEnv {
  /** [[hyperdrive]] binding: a connection string to Hyperdrive's pool (locally: localConnectionString). */
  HYPERDRIVE: { connectionString: string };
  /** Secret: the key-encryption key, 32 bytes base64url (`wrangler secret put PMC_KEK`). */
  PMC_KEK: string;
  /** Var: the public base URL, e.g. https://pmc.example.cn. */
  PMC_PUBLIC_URL: string;
  /** Var, optional: more origins allowed to make cookie-authenticated writes, space-separated. */
  PMC_ALLOWED_ORIGINS?: string;
  /** [assets] binding; static files are served before the Worker runs, this is only for explicit fetches. */
  ASSETS?: { fetch(request: Request): Promise<Response> };
}

export interface WorkerExecutionContext {
  waitUntil(promise: Promise<unknown>): void;
  passThroughOnException?(): void;
}

/** What one request gets: the app's dependencies, or the response that says why the Worker must not serve. */
export type WorkerDeps = (
  | { app: AppDeps & { service: ServiceDeps }; refusal?: undefined }
  | { app?: undefined; refusal: Response }
) & {
  close(): Promise<void>;
};

/**
 * The connection strings whose schema was seen current by this isolate.
 * Migrations only move forward, so once current stays current until the next
 * deploy (which brings a new isolate); while behind, every request checks again.
 */
const schemaSeenCurrent = new Set<string>();

/**
 * The org tree and trust-list snapshot, shared by this isolate's requests
 * (resolved data only; each request checks the fingerprint with its own
 * database client at most once a second, and rebuilds only when it changed).
 */
const installationCache = newCacheSlot();

/**
 * Builds everything one request (or one cron run) needs from `env`. Cheap:
 * a postgres.js client connects lazily, to Hyperdrive's pool; the KEK import
 * and the key cache are per request, so nothing outlives it but the schema memo.
 */
export async function buildWorkerDeps(env: WorkerEnv, request?: Request): Promise<WorkerDeps> {
  const missing = (['PMC_KEK', 'PMC_PUBLIC_URL'] as const).filter((k) => !env[k]);
  if (!env.HYPERDRIVE?.connectionString) missing.push('HYPERDRIVE' as never);
  if (missing.length > 0)
    throw new Error(
      `pmcert Worker misconfigured: ${missing.join(', ')} not set (see wrangler.toml and docs/deploy.md)`,
    );

  const url = env.HYPERDRIVE.connectionString;
  // max 5: a Worker invocation may hold at most 6 open connections; fetch_types off saves a round trip per request (no custom array types are read).
  const client = postgres(url, { max: 5, fetch_types: false, onnotice: () => {} });
  const db = drizzle(client, { schema }) as unknown as Db;
  const close = () => client.end({ timeout: 5 });

  try {
    if (!schemaSeenCurrent.has(url)) {
      const status = await schemaStatus(db);
      if (!status.current) {
        return {
          refusal: schemaBehindProblem(
            status,
            request ? new URL(request.url).pathname : 'scheduled',
          ),
          close,
        };
      }
      schemaSeenCurrent.add(url);
    }
    const publicUrl = env.PMC_PUBLIC_URL.replace(/\/+$/, '');
    const service = await buildServiceDeps({
      db,
      kekText: env.PMC_KEK,
      publicUrl,
      verifier: webCryptoVerifier(),
    });
    const origins = [
      new URL(publicUrl).origin,
      ...(env.PMC_ALLOWED_ORIGINS ?? '').split(/\s+/).filter(Boolean),
    ];
    return {
      app: {
        service,
        config: { cookieSecure: publicUrl.startsWith('https:'), allowedOrigins: origins },
        // Cloudflare sets CF-Connecting-IP to the client's address; nothing in front of it can forge it.
        clientAddress: (c: Context) => c.req.header('CF-Connecting-IP') ?? undefined,
        logError: (err, requestId) => console.error(`[${requestId}]`, err),
        cacheSlot: installationCache,
      },
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}
