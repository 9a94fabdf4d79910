import { html } from 'hono/html';
import type { App } from '../http/env.ts';
import { clientText } from '../i18n/client.ts';
import { csrfTokenFor } from '../service/sessions.ts';
import { assetUrl } from './assets.ts';
import { clientPage, langOf, translator } from './client-shell.ts';

/**
 * 扫码签注 (/scan), for officers: the camera (decoded in a Web Worker by
 * zxing-wasm), or a photo, a pasted link, a USB scanner; the credential is
 * verified in the page, then against the server's head; the page shows the
 * member and then only the actions GET /api/members/{id}/actions allows, and
 * signs through POST /api/endorsements (src/web/client/scan.ts).
 */
export function register(app: App) {
  app.get('/scan', async (c) => {
    const p = c.get('principal');
    if (!p || p.kind !== 'officer') return c.redirect('/login?next=%2Fscan', 303);
    const lang = langOf(c);
    const t = translator(lang);
    const snap = await c.var.cache.snapshot();
    const token = c.get('sessionToken');
    const body = html`<p class="pmc-note">${t('scan.intro')}</p>
      <section id="camera" aria-label="${t('scan.video')}">
        <video
          id="video"
          class="pmc-video"
          muted
          playsinline
          aria-label="${t('scan.video')}"
        ></video>
        <div class="pmc-row">
          <button id="cam-toggle" type="button" class="weui-btn weui-btn_mini weui-btn_primary">
            ${t('scan.start')}
          </button>
          <button
            id="torch"
            type="button"
            class="weui-btn weui-btn_mini weui-btn_default pmc-hidden"
            aria-pressed="false"
          >
            ${t('scan.torch')}
          </button>
          <span id="scan-status" class="pmc-note" role="status" aria-live="polite"></span>
        </div>
      </section>
      <div class="pmc-row">
        <label for="photo" class="weui-btn weui-btn_mini weui-btn_default"
          >${t('scan.photo')}</label
        >
        <input id="photo" class="pmc-hidden" type="file" accept="image/*" capture="environment" />
      </div>
      <form id="paste-form" class="pmc-row">
        <label for="paste" class="pmc-note">${t('scan.paste')}</label>
        <input id="paste" type="text" autocomplete="off" spellcheck="false" />
        <button type="submit" class="weui-btn weui-btn_mini weui-btn_default">
          ${t('scan.pasteSubmit')}
        </button>
      </form>
      <form id="usb-form" class="pmc-row">
        <label for="usb" class="pmc-note">${t('scan.usb')}</label>
        <input id="usb" type="text" autocomplete="off" spellcheck="false" />
      </form>
      <section id="result" class="pmc-hidden" aria-live="polite">
        <div id="warnings"></div>
        <section id="card" class="pmc-card" aria-labelledby="card-title">
          <h2 id="card-title" class="pmc-h1">${t('scan.card')}</h2>
          <dl id="card-fields"></dl>
          <h3>${t('scan.field.entries')}</h3>
          <ol id="card-entries" class="pmc-list"></ol>
        </section>
        <section id="actions" class="pmc-card pmc-hidden" aria-labelledby="actions-title">
          <h2 id="actions-title" class="pmc-h1">${t('scan.actions')}</h2>
          <div id="action-buttons" class="pmc-actions"></div>
          <form id="action-form" class="pmc-hidden"></form>
          <section id="confirm" class="pmc-hidden" aria-labelledby="confirm-title">
            <h3 id="confirm-title">${t('scan.confirm.title')}</h3>
            <dl id="confirm-fields"></dl>
            <div class="pmc-row">
              <button id="confirm-sign" type="button" class="weui-btn weui-btn_primary">
                ${t('scan.confirm.sign')}
              </button>
              <button id="confirm-cancel" type="button" class="weui-btn weui-btn_default">
                ${t('scan.confirm.cancel')}
              </button>
            </div>
          </section>
        </section>
        <section id="signed" class="pmc-card pmc-hidden" aria-live="polite">
          <p id="signed-text"></p>
          <img id="signed-qr" class="pmc-qr" alt="${t('scan.newQr')}" />
          <p><a id="signed-link" href="/v">${t('scan.verifyLink')}</a></p>
          <button id="again" type="button" class="weui-btn weui-btn_default">
            ${t('scan.again')}
          </button>
        </section>
        <p id="failed" class="pmc-warning pmc-hidden" role="alert"></p>
      </section>`;
    return clientPage({
      c,
      lang,
      title: t('scan.title'),
      script: 'scan.js',
      body,
      data: {
        lang,
        root: snap.trust.root.jwk,
        csrf: token ? await csrfTokenFor(token) : '',
        worker: assetUrl('scan-worker.js'),
        wasm: assetUrl('zxing_reader.wasm'),
        text: clientText(lang, ['scan.', 'verify.']),
      },
      cacheControl: 'no-store',
    });
  });
}
