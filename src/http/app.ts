import { NotFound } from '../errors.ts';
import { InstallationCache } from './caches.ts';
import { configOf, type AppDeps } from './deps.ts';
import type { App } from './env.ts';
import { auditTrail } from './middleware/audit.ts';
import { authenticate } from './middleware/authenticate.ts';
import { jsonBodies, pageBodies } from './middleware/body.ts';
import { requestContext } from './middleware/context.ts';
import { createRouter } from './openapi.ts';
import { registerSecuritySchemes } from './openapi-document.ts';
import { httpError, internalProblem, problemResponse, toPmcError } from './problem.ts';
import { registerRoutes, ROUTES, type RouteModule } from './routes/index.ts';
import { webContext } from '../web/context.ts';
import { errorPage } from '../web/error-page.tsx';
import { registerPages } from '../web/index.ts';
import { isPagePath } from '../web/paths.ts';

/**
 * Builds the Hono application from injected dependencies: the certificate
 * service (store, clock, KEK, rules), config, and the runtime's way of
 * knowing the client address. Nothing here touches Node: the same app runs
 * under @hono/node-server (src/runtime/node.ts) and on Workers.
 * @example const app = createApp({ service: deps }); const res = await app.request('/api/me');
 */
export function createApp(deps: AppDeps, opts: { routes?: readonly RouteModule[] } = {}): App {
  const config = configOf(deps);
  const logError = deps.logError ?? ((err: unknown, id: string) => console.error(`[${id}]`, err));
  const cache = new InstallationCache(deps.service, config.cacheRecheckMs, deps.cacheSlot);
  const app = createRouter();

  app.use('*', requestContext(deps, config, cache));
  app.use('*', auditTrail(logError, deps.audit));
  app.use('*', webContext());
  app.use('/api/*', ...jsonBodies(config.bodyLimitBytes));
  app.use('*', pageBodies());
  app.use('*', authenticate());

  app.onError((err, c) => {
    const known = toPmcError(err);
    if (known) {
      c.var.audit.detail ??= {
        error: known.reason ?? known.code,
        ...(known.field ? { field: known.field } : {}),
      };
      if (!isPagePath(c.req.path)) return problemResponse(c, known);
      // A page while the database is away is a 503 page that says when to come back.
      if (known.code !== 'DATABASE_UNAVAILABLE') return errorPage(c, known);
      return errorPage(c, known).then((res) => {
        res.headers.set('Retry-After', String(known.retryAfter));
        return res;
      });
    }
    logError(err, c.var.requestId);
    return isPagePath(c.req.path) ? errorPage(c, undefined, 500) : internalProblem(c);
  });
  app.notFound((c) =>
    isPagePath(c.req.path) && (c.req.header('Accept') ?? '').includes('text/html')
      ? errorPage(c, new NotFound('page', c.req.path), 404)
      : problemResponse(
          c,
          c.req.path.startsWith('/api/')
            ? new NotFound('route', `${c.req.method} ${c.req.path}`)
            : httpError('NOT_FOUND', 'NO_ROUTE', `no route ${c.req.method} ${c.req.path}`),
        ),
  );

  registerSecuritySchemes(app);
  registerRoutes(app, opts.routes ?? ROUTES);
  if (!opts.routes) registerPages(app);
  return app;
}
