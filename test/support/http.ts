import { createApp } from '../../src/http/app.ts';
import type { AppConfig } from '../../src/http/deps.ts';
import type { App } from '../../src/http/env.ts';
import { createAccount, type CreateAccountInput } from '../../src/service/accounts.ts';
import type { Role } from '../../src/service/authorisation.ts';
import type { Store } from '../../src/store/db.ts';
import { testDeps } from './deps.ts';

export const PASSWORD = 'correct horse battery staple';

/** The app over a real store, with the test clock; the client address comes from a test header. */
export async function testApp(
  store: Store,
  config: Partial<AppConfig> = {},
  opts: { kekText?: string; clock?: Parameters<typeof testDeps>[1] } = {},
) {
  const deps = await testDeps(store, opts.clock, opts.kekText);
  const errors: unknown[] = [];
  const app = createApp({
    service: deps,
    config: { cacheRecheckMs: 0, ...config },
    clientAddress: (c) => c.req.header('x-test-address') ?? '192.0.2.1',
    logError: (err) => errors.push(err),
  });
  return { app, deps, errors };
}

export async function officer(
  deps: Parameters<typeof createAccount>[0],
  username: string,
  roles: { org: string; role: Role }[],
) {
  return createAccount(
    deps,
    { kind: 'officer', username, displayName: username, password: PASSWORD, roles },
    null,
  );
}

export async function memberAccount(
  deps: Parameters<typeof createAccount>[0],
  username: string,
  member: string,
) {
  return createAccount(
    deps,
    { kind: 'member', username, password: PASSWORD, member } satisfies CreateAccountInput,
    null,
  );
}

/** A browser-like client: keeps the session cookie and sends the CSRF token on state changes. */
export class Client {
  cookie?: string;
  csrf?: string;
  bearer?: string;
  constructor(
    readonly app: App,
    readonly address = '192.0.2.1',
  ) {}

  static async login(
    app: App,
    username: string,
    password = PASSWORD,
    address?: string,
  ): Promise<Client> {
    const c = new Client(app, address);
    const res = await c.login(username, password);
    if (res.status !== 201) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
    return c;
  }

  static withToken(app: App, token: string): Client {
    const c = new Client(app);
    c.bearer = token;
    return c;
  }

  async login(username: string, password = PASSWORD): Promise<Response> {
    const res = await this.request('POST', '/api/session', { username, password });
    if (res.status === 201) {
      const set = res.headers.get('set-cookie') ?? '';
      this.cookie = set.split(';')[0];
      this.csrf = ((await res.clone().json()) as { csrfToken: string }).csrfToken;
    }
    return res;
  }

  request(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Response> {
    const h: Record<string, string> = { 'x-test-address': this.address, ...headers };
    if (this.cookie) h.cookie = this.cookie;
    if (this.csrf && method !== 'GET' && !('x-csrf-token' in headers))
      h['x-csrf-token'] = this.csrf;
    if (this.bearer) h.authorization = `Bearer ${this.bearer}`;
    if (body !== undefined && !('content-type' in headers)) h['content-type'] = 'application/json';
    return Promise.resolve(
      this.app.request(path, {
        method,
        headers: h,
        ...(body !== undefined
          ? { body: typeof body === 'string' ? body : JSON.stringify(body) }
          : {}),
      }),
    );
  }

  get = (path: string, headers?: Record<string, string>) =>
    this.request('GET', path, undefined, headers);
  post = (path: string, body: unknown, headers?: Record<string, string>) =>
    this.request('POST', path, body, headers);
  delete = (path: string, headers?: Record<string, string>) =>
    this.request('DELETE', path, undefined, headers);
}

export const json = async <T = Record<string, unknown>>(res: Response): Promise<T> =>
  (await res.json()) as T;
