import { serve, type ServerType } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import { createApp } from '../http/app.ts';
import type { AppConfig } from '../http/deps.ts';
import type { ServiceDeps } from '../service/deps.ts';
import { createAppendBatcher } from '../store/append.ts';
import { startCheckpointer } from '../service/log.ts';
import { createAuditBatcher } from '../store/audit.ts';
import { loadAssetManifestFromDisk, serveClientFiles } from './assets-node.ts';

export interface NodeServer {
  url: string;
  server: ServerType;
  close(): Promise<void>;
}

/**
 * The client address on Node: the socket's peer, or, behind a reverse proxy
 * we trust (PMC_TRUST_PROXY=1), the last hop it appended to X-Forwarded-For
 * (the earlier hops are whatever the client claimed).
 */
export function nodeClientAddress(trustProxy: boolean) {
  return (c: Context): string | undefined => {
    if (trustProxy) {
      const hops = c.req
        .header('X-Forwarded-For')
        ?.split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      if (hops?.length) return hops[hops.length - 1];
    }
    return getConnInfo(c).remote.address;
  };
}

/** Serves the app with @hono/node-server; resolves once it listens. */
export function startNodeServer(opts: {
  service: ServiceDeps;
  config?: Partial<AppConfig>;
  port: number;
  hostname?: string;
  trustProxy?: boolean;
  /** How often the background task signs a checkpoint while leaves wait (ms; 0: only on demand). */
  checkpointEveryMs?: number;
}): Promise<NodeServer> {
  // A long-running server has concurrent requests to batch: ledger writes and audit records group-commit.
  const service: ServiceDeps = {
    ...opts.service,
    ledger: opts.service.ledger ?? createAppendBatcher(opts.service.db),
  };
  const app = createApp({
    service,
    ...(opts.config ? { config: opts.config } : {}),
    audit: createAuditBatcher(service.db),
    clientAddress: nodeClientAddress(opts.trustProxy === true),
  });
  // Static client files (public/): on Workers, Cloudflare serves the same folder as static assets.
  serveClientFiles(app);
  if (!loadAssetManifestFromDisk())
    console.error('pmcert: public/assets/app is not built (npm run build:assets): pages will fail');
  const hostname = opts.hostname ?? '127.0.0.1';
  // A new checkpoint at least every second while entries arrive (a Worker does this in its Cron Trigger).
  const every = opts.checkpointEveryMs ?? 1000;
  const stopCheckpointer =
    every > 0
      ? startCheckpointer(service, every, (e) => console.error('checkpointer:', e))
      : () => {};
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port: opts.port, hostname }, (info) => {
      resolve({
        url: `http://${hostname.includes(':') ? `[${hostname}]` : hostname}:${info.port}`,
        server,
        close: () =>
          new Promise<void>((done) => {
            stopCheckpointer();
            server.close(() => done());
          }),
      });
    });
    server.once('error', reject);
  });
}
