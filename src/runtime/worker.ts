/**
 * The Cloudflare Workers entry point: the same Hono app as the Node server
 * (createApp), with its dependencies built per request from `env`:
 *
 * - `HYPERDRIVE` (a [[hyperdrive]] binding) → postgres.js → drizzle. Hyperdrive
 *   keeps the pooled connections to PostgreSQL near the database; the Worker
 *   opens a cheap client per request and closes it after the response.
 * - `PMC_KEK` (a secret): the key-encryption key that unseals org keys,
 *   national IDs and the password pepper. The same value the CLI uses.
 * - `PMC_PUBLIC_URL` (a var): base of QR links, the log's origin, the
 *   allowed origin for cookie-authenticated writes.
 *
 * Nothing is created at import time. What a Worker cannot do as Node does:
 * it never migrates (the migrator reads SQL files with node:fs; run `pmcert
 * migrate` from Node) and refuses to serve while the schema is behind; it has
 * no background timer, so checkpoints are signed on demand (GET
 * /log/checkpoint and bundle export integrate pending leaves) and by the Cron
 * Trigger below; it has no concurrent requests in one place to group-commit,
 * so each ledger write is its own transaction (directWriter, the default).
 *
 * `nodejs_compat` is on for one reason: postgres.js (the only driver here that
 * speaks the PostgreSQL wire protocol over Workers' TCP sockets, as
 * Hyperdrive requires) imports node:buffer, node:events and node:stream. Our
 * own code imports no node:* module (test/architecture.test.ts).
 */
import { DatabaseUnavailable } from '../errors.ts';
import { createApp } from '../http/app.ts';
import { problemAt } from '../http/problem.ts';
import { healthzResponse } from '../http/routes/healthz.ts';
import { isDatabaseUnavailable } from '../service/unavailable.ts';
import { buildWorkerDeps, type WorkerEnv, type WorkerExecutionContext } from './worker-deps.ts';
import { integratePending } from './worker-cron.ts';
import { assetManifestLoaded, MANIFEST_URL_PATH, setAssetManifest } from '../web/assets.ts';

/** The browser assets' manifest, from the [assets] binding, once per isolate (absent: pages answer 500). */
async function loadAssetManifest(assets: NonNullable<WorkerEnv['ASSETS']>): Promise<void> {
  const res = await assets.fetch(new Request(`https://assets.invalid${MANIFEST_URL_PATH}`));
  if (res.ok) setAssetManifest(await res.json());
}

export type { WorkerEnv } from './worker-deps.ts';

export default {
  async fetch(request: Request, env: WorkerEnv, ctx: WorkerExecutionContext): Promise<Response> {
    if (!assetManifestLoaded() && env.ASSETS) await loadAssetManifest(env.ASSETS);
    // Liveness needs no database: answer before connecting to it.
    if (request.method === 'GET' && new URL(request.url).pathname === '/healthz')
      return healthzResponse();
    let built: Awaited<ReturnType<typeof buildWorkerDeps>>;
    try {
      built = await buildWorkerDeps(env, request);
    } catch (err) {
      // The schema check is the first query: a database that cannot be reached is a 503, as inside the app.
      if (!isDatabaseUnavailable(err)) throw err;
      const id = crypto.randomUUID();
      console.error(`[${id}] database unavailable:`, err);
      return problemAt(
        new DatabaseUnavailable(5, { cause: err }),
        id,
        new URL(request.url).pathname,
      );
    }
    try {
      if (built.refusal) return built.refusal;
      const app = createApp(built.app);
      return await app.fetch(request, env, ctx as never);
    } finally {
      // The response is complete (handlers and the audit record awaited their queries): close the client after it is sent.
      ctx.waitUntil(built.close());
    }
  },

  /** Cron Trigger: folds committed leaves into the tree and signs a checkpoint, as the Node server's timer does. */
  async scheduled(
    _controller: unknown,
    env: WorkerEnv,
    ctx: WorkerExecutionContext,
  ): Promise<void> {
    const built = await buildWorkerDeps(env);
    try {
      if (built.refusal) throw new Error(`schema behind: ${await built.refusal.clone().text()}`);
      await integratePending(built.app.service);
    } finally {
      ctx.waitUntil(built.close());
    }
  },
};
