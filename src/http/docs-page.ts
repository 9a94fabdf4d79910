/**
 * A readable reference page rendered on the server from the OpenAPI document:
 * no script, no CDN, so it works offline and under a strict CSP.
 */
type Doc = {
  info: { title: string; description?: string; version: string };
  paths?: Record<string, Record<string, Operation>>;
};
type Operation = {
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: {
    name: string;
    in: string;
    required?: boolean;
    schema?: unknown;
    description?: string;
  }[];
  requestBody?: { content?: Record<string, { schema?: unknown }> };
  responses?: Record<string, { description?: string }>;
  security?: unknown[];
};

const esc = (s: unknown) => String(s ?? '').replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
const json = (v: unknown) => esc(JSON.stringify(v, null, 2));

function operation(method: string, path: string, op: Operation): string {
  const params = (op.parameters ?? [])
    .map(
      (p) =>
        `<li><code>${esc(p.name)}</code> (${esc(p.in)}${p.required ? ', required' : ''}) ${esc(p.description)}</li>`,
    )
    .join('');
  const body = Object.entries(op.requestBody?.content ?? {})
    .map(
      ([type, m]) =>
        `<details><summary>body <code>${esc(type)}</code></summary><pre>${json(m.schema)}</pre></details>`,
    )
    .join('');
  const responses = Object.entries(op.responses ?? {})
    .map(([s, r]) => `<li><b>${esc(s)}</b> ${esc(r.description)}</li>`)
    .join('');
  const anchor = `${method}-${path}`.replace(/[^a-z0-9]+/gi, '-');
  return `<section id="${esc(anchor)}"><h3><span class="m ${esc(method)}">${esc(method.toUpperCase())}</span> <code>${esc(path)}</code></h3>
<p><b>${esc(op.summary)}</b></p><p>${esc(op.description)}</p>
${params ? `<h4>Parameters</h4><ul>${params}</ul>` : ''}${body}<h4>Responses</h4><ul>${responses}</ul></section>`;
}

export function renderDocs(doc: Doc, components: unknown): string {
  const ops = Object.entries(doc.paths ?? {}).flatMap(([path, methods]) =>
    Object.entries(methods).map(([m, op]) => ({ path, m, op })),
  );
  const toc = ops
    .map(
      ({ path, m, op }) =>
        `<li><a href="#${esc(`${m}-${path}`.replace(/[^a-z0-9]+/gi, '-'))}">${esc(m.toUpperCase())} ${esc(path)}</a> — ${esc(op.summary)}</li>`,
    )
    .join('');
  return `<!doctype html><html lang="zh"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(doc.info.title)}</title><link rel="stylesheet" href="/assets/docs.css"></head><body>
<h1>${esc(doc.info.title)} <small>${esc(doc.info.version)}</small></h1><p>${esc(doc.info.description)}</p>
<p>Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1).</p>
<h2>Operations</h2><ul>${toc}</ul>${ops.map(({ path, m, op }) => operation(m, path, op)).join('\n')}
<h2>Schemas</h2><pre>${json(components)}</pre></body></html>`;
}
