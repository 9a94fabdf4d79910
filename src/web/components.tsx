/** @jsxImportSource hono/jsx */
import type { Child } from 'hono/jsx';
import type { View } from './context.ts';
import { CSRF_FIELD } from './context.ts';

/** The CSRF token every form carries (checked with the Origin by the authenticate middleware). */
export function CsrfField(props: { view: View }) {
  return props.view.csrf ? <input type="hidden" name={CSRF_FIELD} value={props.view.csrf} /> : null;
}

/** A message box: `error` is announced to screen readers at once. */
export function Notice(props: { kind: 'error' | 'info' | 'ok'; children?: Child }) {
  return (
    <div class={`notice notice-${props.kind}`} role={props.kind === 'error' ? 'alert' : 'status'}>
      {props.children}
    </div>
  );
}

/** A labelled input with its error in place (aria-describedby ties them together). */
export function Field(props: {
  name: string;
  label: string;
  value?: string;
  type?: string;
  error?: string | undefined;
  hint?: string;
  required?: boolean;
  autocomplete?: string;
  inputmode?: 'decimal' | 'email' | 'none' | 'numeric' | 'search' | 'tel' | 'text' | 'url';
  maxlength?: number;
  pattern?: string;
}) {
  const id = `f-${props.name}`;
  const described = [props.error ? `${id}-err` : '', props.hint ? `${id}-hint` : '']
    .filter(Boolean)
    .join(' ');
  return (
    <div class={`field${props.error ? ' field-error' : ''}`}>
      <label for={id}>{props.label}</label>
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.value ?? ''}
        required={props.required}
        autocomplete={props.autocomplete}
        inputmode={props.inputmode}
        maxlength={props.maxlength}
        pattern={props.pattern}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={described || undefined}
      />
      {props.hint && (
        <p class="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      )}
      {props.error && (
        <p class="error" id={`${id}-err`}>
          {props.error}
        </p>
      )}
    </div>
  );
}

/** A labelled select; `options` are [value, label]. */
export function Select(props: {
  name: string;
  label: string;
  value?: string;
  options: readonly (readonly [string, string])[];
  error?: string | undefined;
}) {
  const id = `f-${props.name}`;
  return (
    <div class={`field${props.error ? ' field-error' : ''}`}>
      <label for={id}>{props.label}</label>
      <select
        id={id}
        name={props.name}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={props.error ? `${id}-err` : undefined}
      >
        {props.options.map(([v, l]) => (
          <option value={v} selected={v === (props.value ?? '')}>
            {l}
          </option>
        ))}
      </select>
      {props.error && (
        <p class="error" id={`${id}-err`}>
          {props.error}
        </p>
      )}
    </div>
  );
}

/** Previous / next links that keep the other query parameters. */
export function Pager(props: {
  view: View;
  page: number;
  pageSize: number;
  total: number;
  param?: string;
}) {
  const { view, page, pageSize, total } = props;
  const param = props.param ?? 'page';
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const href = (n: number) => {
    const q = new URLSearchParams(view.query);
    q.set(param, String(n));
    return `${view.path}?${q}`;
  };
  return (
    <nav class="pager" aria-label={view.t('common.page', { page, pages, total })}>
      {page > 1 ? <a href={href(page - 1)}>{view.t('common.prev')}</a> : <span />}
      <span>{view.t('common.page', { page, pages, total })}</span>
      {page < pages ? <a href={href(page + 1)}>{view.t('common.next')}</a> : <span />}
    </nav>
  );
}

/** A page number from the query: 1 when missing or not a positive integer. */
export const pageOf = (raw: string | undefined): number => {
  const n = Number(raw);
  return Number.isInteger(n) && n >= 1 && n <= 100_000 ? n : 1;
};
