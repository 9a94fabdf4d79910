import type { App } from '../env.ts';
import { renderDocs } from '../docs-page.ts';
import { documentConfig } from '../openapi-document.ts';

/** `GET /docs`: the reference page, rendered from the same document. */
export function register(app: App) {
  app.get('/docs', (c) => {
    const doc = app.getOpenAPI31Document(documentConfig(c.var.deps.publicUrl));
    const html = renderDocs(doc as Parameters<typeof renderDocs>[0], doc.components);
    return c.html(html, 200, {
      'Content-Security-Policy': "default-src 'none'; style-src 'self'; frame-ancestors 'none'",
    });
  });
}
