import type { Context } from 'hono';
import type { CacheSlot } from './caches.ts';
import type { ServiceDeps } from '../service/deps.ts';
import type { AuditWriter } from '../service/audit.ts';
import { DEFAULT_SESSION_POLICY, type SessionPolicy } from '../service/sessions.ts';
import { DEFAULT_THROTTLE, type ThrottlePolicy } from '../service/throttle.ts';

/** Settings of the HTTP application; every one has a default. */
export interface AppConfig {
  /** Largest request body accepted, in bytes (a credential is ~1 KB, an enrolment ~0.5 KB). */
  bodyLimitBytes: number;
  session: SessionPolicy;
  throttle: ThrottlePolicy;
  /** Days after a personnel move before the missing transfer_out becomes an alert (default 30, local rule). */
  hrTransferDays: number;
  /** How often the cached org tree and trust list are checked against the database, in ms (0: every request). */
  cacheRecheckMs: number;
  /** `Secure` on the session cookie. Off only for tests over plain http. */
  cookieSecure: boolean;
  /** Origins allowed to make state-changing requests with a cookie (default: the public URL's origin). */
  allowedOrigins: string[];
  /** `Cache-Control: max-age` of the trust list. Short, so a revocation reaches verifiers within minutes. */
  trustMaxAgeSeconds: number;
}

export const DEFAULT_CONFIG: Omit<AppConfig, 'allowedOrigins'> = {
  bodyLimitBytes: 64 * 1024,
  session: DEFAULT_SESSION_POLICY,
  throttle: DEFAULT_THROTTLE,
  hrTransferDays: 30,
  cacheRecheckMs: 1000,
  cookieSecure: true,
  trustMaxAgeSeconds: 300,
};

/**
 * What `createApp` needs, built by the runtime (Node server, Worker, test):
 * the certificate service's dependencies (store, clock, KEK, rules), the
 * config, and how to learn the client's address (only the runtime knows).
 */
export interface AppDeps {
  service: ServiceDeps;
  config?: Partial<AppConfig>;
  clientAddress?: (c: Context) => string | undefined;
  /** How audit records are written: one insert each by default; a long-running server batches (createAuditBatcher). */
  audit?: AuditWriter;
  /** Where the org tree / trust list snapshot is kept: pass one per Worker isolate to share it between requests (default: one per app). */
  cacheSlot?: CacheSlot;
  /** Where unexpected errors are reported (default console.error). */
  logError?: (err: unknown, requestId: string) => void;
}

export function configOf(deps: AppDeps): AppConfig {
  const origin = new URL(deps.service.publicUrl).origin;
  return { ...DEFAULT_CONFIG, allowedOrigins: [origin], ...deps.config };
}
