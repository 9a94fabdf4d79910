import type { App } from '../env.ts';
import { documentConfig } from '../openapi-document.ts';

/** `GET /openapi.json`: the OpenAPI 3.1 document of every route. */
export function register(app: App) {
  app.doc31('/openapi.json', (c) => documentConfig(c.var.deps.publicUrl));
}
