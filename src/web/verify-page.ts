import { html } from 'hono/html';
import type { App } from '../http/env.ts';
import { clientText } from '../i18n/client.ts';
import { clientPage, langOf, translator } from './client-shell.ts';

/**
 * 核验 `/v#<credential>`: what any phone camera opens from a member's QR. The
 * credential stays in the fragment, which browsers never send: the page
 * (src/web/client/verify.ts) verifies it on the device against the
 * root-signed trust list, which its service worker (/v-sw.js) keeps for
 * offline use. Public; `no-cache` so a deployment's new page arrives, while
 * the service worker answers offline.
 */
export function register(app: App) {
  app.get('/v', async (c) => {
    const lang = langOf(c);
    const t = translator(lang);
    const snap = await c.var.cache.snapshot();
    const field = (key: Parameters<typeof t>[0], id: string) =>
      html`<dt>${t(key)}</dt>
        <dd id="${id}"></dd>`;
    const body = html`<div
        id="verdict"
        class="pmc-verdict"
        data-verdict="pending"
        role="status"
        aria-live="polite"
      >
        <svg id="verdict-icon" viewBox="0 0 48 48" aria-hidden="true"></svg>
        <div>
          <span id="verdict-text">${t('verify.pending')}</span>
          <p id="verdict-detail" class="pmc-detail"></p>
        </div>
      </div>
      <section id="subject" class="pmc-card pmc-hidden" aria-labelledby="verdict-text">
        <dl>
          ${field('verify.field.name', 'f-name')} ${field('verify.field.org', 'f-org')}
          ${field('verify.field.status', 'f-status')} ${field('verify.field.due', 'f-due')}
          ${field('verify.field.issuer', 'f-issuer')} ${field('verify.field.issued', 'f-issued')}
          ${field('verify.field.expires', 'f-expires')}
        </dl>
        <p class="pmc-note">${t('verify.compare')}</p>
      </section>
      <p id="newer" class="pmc-note pmc-hidden"></p>
      <p id="clock" class="pmc-warning pmc-hidden"></p>
      <p id="offline" class="pmc-note pmc-hidden">${t('verify.offline')}</p>
      <p id="engine" class="pmc-note pmc-hidden">${t('verify.engine.noble')}</p>
      <p id="trust-age" class="pmc-note"></p>
      <p class="pmc-note">${t('verify.private')} ${t('verify.privateHead')}</p>`;
    return clientPage({
      c,
      lang,
      title: t('verify.title'),
      script: 'verify.js',
      body,
      data: { lang, root: snap.trust.root.jwk, text: clientText(lang, ['verify.']) },
      cacheControl: 'no-cache',
    });
  });
}
