import type { App } from '../env.ts';
import { documentConfig } from '../openapi-document.ts';
import { PROBLEM_TYPE } from '../problem.ts';

type Operation = { responses?: Record<string, unknown> };

/**
 * Every route can answer 503 while the database is unreachable (src/http/problem.ts maps
 * the driver's errors), so every operation lists it, whether or not its own file does.
 */
function withUnavailable(doc: { paths?: Record<string, Record<string, Operation>> }) {
  for (const item of Object.values(doc.paths ?? {}))
    for (const op of Object.values(item)) {
      if (!op || typeof op !== 'object' || !op.responses || '503' in op.responses) continue;
      op.responses['503'] = {
        description:
          'Unavailable (the database, or a signing key): try again after `Retry-After` seconds',
        headers: { 'Retry-After': { schema: { type: 'integer' } } },
        content: { [PROBLEM_TYPE]: { schema: { $ref: '#/components/schemas/Problem' } } },
      };
    }
  return doc;
}

/** `GET /openapi.json`: the OpenAPI 3.1 document of every route. */
export function register(app: App) {
  app.get('/openapi.json', (c) =>
    c.json(
      withUnavailable(app.getOpenAPI31Document(documentConfig(c.var.deps.publicUrl)) as never),
    ),
  );
}
