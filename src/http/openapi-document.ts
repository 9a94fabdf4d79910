import type { App } from './env.ts';

/** The OpenAPI 3.1 document's frame; the paths come from the routes themselves. */
export function documentConfig(publicUrl: string) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'pmcert — 数字党员证 API',
      version: '1.0.0',
      description:
        'The digital Party member certificate over HTTP: officers scan and endorse, members show their QR and download their bundle, ' +
        'upper committees read alerts and the audit trail, the HR system posts personnel moves. Errors are `application/problem+json` ' +
        '(RFC 9457) with a stable `type`, a Chinese and English title and the failing `field`. Cookie sessions need `X-CSRF-Token` on every ' +
        'state change; machine clients send `Authorization: Bearer pmc_…`.',
    },
    servers: [{ url: publicUrl }],
    security: [{ session: [] }, { bearer: [] }] as Record<string, string[]>[],
    tags: [
      { name: 'session', description: '登录 · Login and sessions' },
      { name: 'organisations', description: '组织 · The organisation tree' },
      { name: 'members', description: '党员 · Members' },
      { name: 'endorsements', description: '签注 · Signed endorsements' },
      { name: 'alerts', description: '预警 · Alerts' },
      { name: 'hr', description: '人事 · Personnel moves from the HR system' },
      { name: 'trust', description: '信任列表 · The trust list' },
      { name: 'audit', description: '审计 · The audit trail' },
      { name: 'tokens', description: 'API 令牌 · API tokens' },
      { name: 'accounts', description: '账户 · Accounts' },
      { name: 'health', description: '健康检查 · Liveness and readiness' },
    ],
  };
}

export function registerSecuritySchemes(app: App): void {
  app.openAPIRegistry.registerComponent('securitySchemes', 'session', {
    type: 'apiKey',
    in: 'cookie',
    name: '__Host-pmc_session',
    description: 'From POST /api/session. State changes also need the `X-CSRF-Token` header.',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'An API token `pmc_<id>_<secret>` from POST /api/tokens',
  });
}
