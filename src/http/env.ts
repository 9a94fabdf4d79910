import type { OpenAPIHono } from '@hono/zod-openapi';
import type { PmcError } from '../errors.ts';
import type { Lang } from '../i18n/messages.ts';
import type { Principal } from '../service/authorisation.ts';
import type { ServiceDeps } from '../service/deps.ts';
import type { InstallationCache } from './caches.ts';
import type { AppConfig } from './deps.ts';

/** What a handler finds on the context: set per request by the middleware in app.ts. */
export interface AppVariables {
  deps: ServiceDeps;
  config: AppConfig;
  cache: InstallationCache;
  requestId: string;
  address: string;
  /** Who is calling, when they proved it. */
  principal?: Principal;
  /** Why the credentials presented were refused (raised only by routes that need them). */
  authError?: PmcError;
  /** The raw session token, for the CSRF check and logout. */
  sessionToken?: string;
  /** The session's account must change its (generated) password before anything else. */
  mustChangePassword?: boolean;
  /** The page language (web pages only: query → cookie → Accept-Language). */
  lang?: Lang;
  /** What the audit record should say beyond the route: acting org, target, finer action, detail. */
  audit: {
    org?: string;
    /** The member's own org, when another acts on them: the record is filed there too, so their committee sees it. */
    memberOrg?: string;
    /** Further orgs the record is filed under (a tree change: the org's parent, old and new). */
    alsoOrgs?: string[];
    target?: string;
    action?: string;
    detail?: Record<string, unknown>;
    always?: boolean;
  };
}

export type AppEnv = { Variables: AppVariables };
export type App = OpenAPIHono<AppEnv>;
