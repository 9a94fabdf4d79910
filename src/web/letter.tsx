/** @jsxImportSource hono/jsx */
import type { EntryBodies } from '../domain/types.ts';
import type { App } from '../http/env.ts';
import { memberFor } from '../http/member-access.ts';
import { showMember } from '../service/members.ts';
import { Notice } from './components.tsx';
import { render, viewOf } from './context.ts';
import { fmtDate, fmtMonth, secondsOf } from './format.ts';
import { Layout } from './layout.tsx';
import { orgName } from './timeline.tsx';

/**
 * 转出介绍信 (GET /members/{id}/letter): the paper letter for a transfer in
 * transit — stub (存根), letter (介绍信) and receipt (回执) on one A4 — stating
 * 党费交至 and the validity, with the QR of the credential the transfer_out
 * entry issued, so a receiver outside pmcert can verify it.
 */
export function register(app: App) {
  app.get('/members/:id/letter', async (c) => {
    const id = c.req.param('id').slice(0, 32);
    await memberFor(c, id, 'member:read');
    const view = await viewOf(c);
    const { t } = view;
    const shown = await showMember(c.var.deps, id);
    const open = shown.transfer;
    const entry = open && shown.entries.find((e) => e.seq === open.seq);
    if (!open || !entry) {
      return render(
        c,
        <Layout view={view} title={t('letter.title')}>
          <Notice kind="info">{t('letter.notOpen')}</Notice>
        </Layout>,
        404,
      );
    }
    const tree = await c.var.cache.tree();
    const d = entry.dat as EntryBodies['transfer_out'];
    const from = orgName(tree, d.from);
    const to = orgName(tree, d.to);
    const no = `${id}-${entry.seq}`;
    const date = fmtDate(secondsOf(entry.at));
    const deadline = fmtDate(d.deadline);
    // What the signed transfer_out states (its body's `due`), not today's record: the letter prints that entry.
    const dues = d.due
      ? t('letter.dues', { dues: fmtMonth(d.due, view.lang) })
      : t('letter.duesNone');
    const facts = {
      name: shown.name,
      gender: t(`gender.${shown.gender}`),
      category: t(`category.${shown.category}`),
      nationalId: shown.nationalId,
      from,
      to,
    };
    return render(
      c,
      <Layout view={view} title={t('letter.title')} kind="print">
        <div class="letter">
          <p class="no-print muted">{t('card.printHint')}</p>
          <section aria-label={t('letter.stub')}>
            <h2>
              {t('letter.title')}（{t('letter.stub')}）
            </h2>
            <p class="sign">{t('letter.number', { no })}</p>
            <p>{t('letter.text', facts)}</p>
            <p>{dues}</p>
            <p>{t('letter.validity', { days: d.validDays, deadline })}</p>
            {d.reason && <p>{t('letter.reason', { reason: d.reason })}</p>}
            <p class="sign">{date}</p>
          </section>
          <p class="cut">{t('letter.cut')}</p>
          <section aria-label={t('letter.body')}>
            <h2>{t('letter.title')}</h2>
            <p class="sign">{t('letter.number', { no })}</p>
            <img
              class="qr-letter"
              src={`/api/members/${id}/qr.svg`}
              alt={t('card.qrAlt')}
              width="144"
              height="144"
            />
            <p>{t('letter.to', { to })}</p>
            <p>{t('letter.text', facts)}</p>
            <p>{dues}</p>
            <p>{t('letter.validity', { days: d.validDays, deadline })}</p>
            <p class="muted">{t('letter.qr')}</p>
            <p class="sign">{t('letter.issuer', { from })}</p>
            <p class="sign">{date}</p>
          </section>
          <p class="cut">{t('letter.cut')}</p>
          <section aria-label={t('letter.receipt')}>
            <h2>
              {t('letter.title')}（{t('letter.receipt')}）
            </h2>
            <p class="sign">{t('letter.number', { no })}</p>
            <p>{t('letter.receiptText', { from, name: shown.name })}</p>
            <p class="sign">{t('letter.receiptSign')}</p>
          </section>
        </div>
      </Layout>,
    );
  });
}
