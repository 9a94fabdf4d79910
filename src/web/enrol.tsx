/** @jsxImportSource hono/jsx */
import { CATEGORIES, PERSONNEL } from '../domain/types.ts';
import { NotAuthorised, PmcError } from '../errors.ts';
import type { App } from '../http/env.ts';
import type { WebKey } from '../i18n/web.ts';
import { actingOrg } from '../service/authorisation.ts';
import { enroll, type EnrollInput } from '../service/members.ts';
import { CsrfField, Field, Notice, Select } from './components.tsx';
import { formOf, render, seeOther, viewOf, type View } from './context.ts';
import { Layout } from './layout.tsx';
import { officerScope, orgOptions, type Scope } from './scope.ts';

const FIELDS = [
  'org',
  'name',
  'gender',
  'ethnicity',
  'birth',
  'nationalId',
  'joined',
  'fullOn',
  'category',
  'personnel',
  'cadre',
] as const;
type FieldName = (typeof FIELDS)[number];
type Values = Partial<Record<FieldName, string>>;
type Errors = Partial<Record<FieldName, string>>;

/** The service's refusal, as the message beside the field it names. */
function fieldError(view: View, err: PmcError): Errors {
  const { t } = view;
  const f = err.field ?? '';
  const say = (field: FieldName, key: WebKey): Errors => ({ [field]: t(key) });
  if (f === 'national_id' || f === 'nationalId')
    return say(
      'nationalId',
      /already enrolled/.test(err.message) ? 'enrol.duplicate' : 'enrol.badNationalId',
    );
  if (f === 'birth')
    return say('birth', /differs/.test(err.message) ? 'enrol.birthMismatch' : 'enrol.badDate');
  if (f === 'joined' || f === 'fullOn') return say(f, 'enrol.badDate');
  if (f === 'dat.fullOn' || f === 'dat.joined')
    return say(f.slice(4) as FieldName, 'enrol.badDate');
  const known = FIELDS.find((k) => k === f);
  return say(known ?? 'name', 'enrol.required');
}

function EnrolPage(props: {
  view: View;
  scope: Scope;
  values?: Values;
  errors?: Errors;
  failed?: string;
}) {
  const { view, scope } = props;
  const { t } = view;
  const v = props.values ?? {};
  const e = props.errors ?? {};
  return (
    <Layout view={view} title={t('enrol.title')}>
      <h1>{t('enrol.title')}</h1>
      {props.failed && <Notice kind="error">{props.failed}</Notice>}
      <form method="post" action="/members/new" class="stack" novalidate>
        <CsrfField view={view} />
        <div class="grid2">
          <Select
            name="org"
            label={t('enrol.org')}
            value={v.org ?? ''}
            options={orgOptions(scope.tree, scope.granted)}
            error={e.org}
          />
          <Field
            name="name"
            label={t('enrol.name')}
            value={v.name ?? ''}
            required
            maxlength={50}
            error={e.name}
          />
          <Select
            name="gender"
            label={t('enrol.gender')}
            value={v.gender ?? 'M'}
            options={[
              ['M', t('gender.M')],
              ['F', t('gender.F')],
            ]}
            error={e.gender}
          />
          <Field
            name="ethnicity"
            label={t('enrol.ethnicity')}
            value={v.ethnicity ?? ''}
            maxlength={20}
            error={e.ethnicity}
          />
          <Field
            name="nationalId"
            label={t('enrol.nationalId')}
            value={v.nationalId ?? ''}
            required
            maxlength={18}
            autocomplete="off"
            hint={t('enrol.nationalIdHint')}
            error={e.nationalId}
          />
          <Field
            name="birth"
            label={t('enrol.birth')}
            type="date"
            value={v.birth ?? ''}
            required
            hint={t('enrol.dateHint')}
            error={e.birth}
          />
          <Field
            name="joined"
            label={t('enrol.joined')}
            type="date"
            value={v.joined ?? ''}
            required
            error={e.joined}
          />
          <Field
            name="fullOn"
            label={t('enrol.fullOn')}
            type="date"
            value={v.fullOn ?? ''}
            error={e.fullOn}
          />
          <Select
            name="category"
            label={t('enrol.category')}
            value={v.category ?? 'full'}
            options={CATEGORIES.map((k) => [k, t(`category.${k}`)] as const)}
            error={e.category}
          />
          <Select
            name="personnel"
            label={t('enrol.personnel')}
            value={v.personnel ?? 'other'}
            options={PERSONNEL.map((k) => [k, t(`personnel.${k}`)] as const)}
            error={e.personnel}
          />
          <Select
            name="cadre"
            label={t('enrol.cadre')}
            value={v.cadre ?? 'no'}
            options={[
              ['no', t('common.no')],
              ['yes', t('common.yes')],
            ]}
            error={e.cadre}
          />
        </div>
        <button type="submit" class="primary">
          {t('enrol.submit')}
        </button>
      </form>
    </Layout>
  );
}

/** 登记党员 (GET/POST /members/new): the form of POST /api/members, with the errors beside their fields. */
export function register(app: App) {
  app.get('/members/new', async (c) => {
    const scope = await officerScope(c, 'member:enroll');
    if (scope instanceof Response) return scope;
    return render(c, <EnrolPage view={await viewOf(c)} scope={scope} />);
  });

  app.post('/members/new', async (c) => {
    const form = await formOf(c);
    const values: Values = Object.fromEntries(FIELDS.map((f) => [f, form.get(f)]));
    const scope = await officerScope(c, 'member:enroll', undefined);
    if (scope instanceof Response) return scope;
    const view = await viewOf(c);
    const { t } = view;
    const required = (['name', 'nationalId', 'birth', 'joined'] as const).filter((f) => !values[f]);
    if (required.length)
      return render(
        c,
        <EnrolPage
          view={view}
          scope={scope}
          values={values}
          errors={Object.fromEntries(required.map((f) => [f, t('enrol.required')]))}
        />,
        422,
      );
    const org = actingOrg(scope.tree, scope.officer, 'member:enroll', [values.org ?? '']);
    if (!org) throw new NotAuthorised(`member:enroll over ${values.org}`, 'org');
    c.var.audit.org = org;
    const input: EnrollInput = {
      org: values.org ?? '',
      name: values.name ?? '',
      gender: values.gender === 'F' ? 'F' : 'M',
      ...(values.ethnicity ? { ethnicity: values.ethnicity } : {}),
      birth: values.birth ?? '',
      nationalId: (values.nationalId ?? '').toUpperCase(),
      joined: values.joined ?? '',
      ...(values.fullOn ? { fullOn: values.fullOn } : {}),
      category: values.category === 'probationary' ? 'probationary' : 'full',
      personnel: PERSONNEL.find((p) => p === values.personnel) ?? 'other',
      cadre: values.cadre === 'yes',
    };
    try {
      const { id } = await enroll(c.var.deps, input, { org, officer: scope.officer.accountId });
      c.var.audit.target = id;
      return seeOther(c, `/members/${id}`);
    } catch (err) {
      if (
        !(err instanceof PmcError) ||
        (err.code !== 'INVALID_INPUT' && err.code !== 'RULE_VIOLATION')
      )
        throw err;
      c.var.audit.detail = {
        error: err.reason ?? err.code,
        ...(err.field ? { field: err.field } : {}),
      };
      return render(
        c,
        <EnrolPage view={view} scope={scope} values={values} errors={fieldError(view, err)} />,
        422,
      );
    }
  });
}
