import type { App } from '../http/env.ts';
import { seeOther } from './context.ts';
import { HOME } from './paths.ts';

/** `GET /`: the product, never a 404: the login page, or the caller's home (工作台 / 我的党员证). */
export function register(app: App) {
  app.get('/', (c) => {
    const p = c.get('principal');
    if (!p) return seeOther(c, '/login');
    if (p.kind === 'token') return seeOther(c, '/docs');
    return seeOther(c, HOME[p.kind]);
  });
}
