/** @jsxImportSource hono/jsx */
import type { App } from '../http/env.ts';
import { memberFor } from '../http/member-access.ts';
import { showMember } from '../service/members.ts';
import { officerNames } from '../service/entry-lists.ts';
import { render, seeOther, viewOf } from './context.ts';
import { Layout } from './layout.tsx';
import { cardDues, MemberFacts } from './me.tsx';
import { Timeline } from './timeline.tsx';

/** 党员信息 (GET /members/{id}): the record and its whole history, for officers over the member. */
export function register(app: App) {
  app.get('/members/:id', async (c) => {
    const id = c.req.param('id').slice(0, 32);
    const p = c.get('principal');
    if (p?.kind === 'member' && p.memberId === id) return seeOther(c, '/me');
    await memberFor(c, id, 'member:read');
    const view = await viewOf(c);
    const { t } = view;
    const shown = await showMember(c.var.deps, id);
    const tree = await c.var.cache.tree();
    const { due, dues } = await cardDues(c, id, shown.duesThrough);
    const officers = await officerNames(
      c.var.deps,
      shown.entries.map((e) => e.officer),
    );
    return render(
      c,
      <Layout view={view} title={`${shown.name} · ${t('member.title')}`}>
        <h1>
          {shown.name} <span class="muted">{t('member.title')}</span>
        </h1>
        <div class="grid2">
          <MemberFacts view={view} shown={shown} tree={tree} due={due} dues={dues} />
          <dl class="facts">
            <dt>{t('member.nationalId')}</dt>
            <dd>{shown.nationalId}</dd>
            <dt>{t('member.gender')}</dt>
            <dd>{t(`gender.${shown.gender}`)}</dd>
            <dt>{t('member.birth')}</dt>
            <dd>{shown.birthDate}</dd>
            <dt>{t('member.ethnicity')}</dt>
            <dd>{shown.ethnicity ?? t('common.none')}</dd>
            <dt>{t('members.personnel')}</dt>
            <dd>{t(`personnel.${shown.personnel}`)}</dd>
            <dt>{t('members.cadre')}</dt>
            <dd>{shown.cadre ? t('common.yes') : t('common.no')}</dd>
            {shown.fullOn && (
              <>
                <dt>{t('member.fullOn')}</dt>
                <dd>{shown.fullOn}</dd>
              </>
            )}
          </dl>
        </div>
        <div class="actions">
          <a class="button" href={`/api/members/${id}/bundle`} download={`pmcert-${id}.json`}>
            {t('member.bundle')}
          </a>
          <a class="button" href={`/api/members/${id}/qr.svg`}>
            {t('member.qr')}
          </a>
          {shown.transfer && (
            <a class="button" href={`/members/${id}/letter`}>
              {t('card.letter')}
            </a>
          )}
        </div>
        <h2>{t('member.history')}</h2>
        <Timeline view={view} tree={tree} entries={shown.entries} officers={officers} />
      </Layout>,
    );
  });
}
