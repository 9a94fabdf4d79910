/** Small DOM helpers shared by the client pages (no framework). */
export type Verdict =
  'valid' | 'bad-signature' | 'revoked' | 'expired' | 'unverifiable' | 'unrecognised' | 'pending';

export const $ = <T extends HTMLElement = HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} missing`);
  return el as T;
};

export const show = (el: HTMLElement, visible: boolean) =>
  el.classList.toggle('pmc-hidden', !visible);

/** The data the server rendered into `<script type="application/json" id="pmc-data">`. */
export const pageData = <T>(): T => JSON.parse($('pmc-data').textContent ?? '{}') as T;

export const fill = (text: string, vars: Record<string, string | number> = {}): string =>
  text.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));

export function fmtDate(sec: number, lang: 'zh' | 'en', withTime = false): string {
  const d = new Date(sec * 1000);
  return d.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    ...(withTime ? { hour: '2-digit', minute: '2-digit' } : {}),
    timeZone: 'Asia/Shanghai',
  });
}

/** One icon per verdict (shape differs, never colour alone); decorative (the words say it). */
export const ICONS: Record<Verdict, string> = {
  valid:
    '<circle cx="24" cy="24" r="21" fill="none" stroke="currentColor" stroke-width="4"/><path d="M13 25l7 7 15-16" fill="none" stroke="currentColor" stroke-width="5" stroke-linecap="round" stroke-linejoin="round"/>',
  'bad-signature':
    '<circle cx="24" cy="24" r="21" fill="none" stroke="currentColor" stroke-width="4"/><path d="M15 15l18 18M33 15L15 33" stroke="currentColor" stroke-width="5" stroke-linecap="round"/>',
  revoked:
    '<circle cx="24" cy="24" r="21" fill="none" stroke="currentColor" stroke-width="4"/><path d="M9 39L39 9" stroke="currentColor" stroke-width="5"/><circle cx="20" cy="22" r="5" fill="none" stroke="currentColor" stroke-width="3"/><path d="M24 25l8 8" stroke="currentColor" stroke-width="3"/>',
  expired:
    '<circle cx="24" cy="24" r="21" fill="none" stroke="currentColor" stroke-width="4"/><path d="M24 12v13l8 6" fill="none" stroke="currentColor" stroke-width="4" stroke-linecap="round"/>',
  unverifiable:
    '<path d="M24 4L45 42H3z" fill="none" stroke="currentColor" stroke-width="4" stroke-linejoin="round"/><path d="M24 18v11" stroke="currentColor" stroke-width="4" stroke-linecap="round"/><circle cx="24" cy="35" r="2.5" fill="currentColor"/>',
  unrecognised:
    '<rect x="5" y="5" width="38" height="38" rx="6" fill="none" stroke="currentColor" stroke-width="4" stroke-dasharray="6 4"/><path d="M18 18a6 6 0 1 1 8 6c-2 1-2 2-2 5" fill="none" stroke="currentColor" stroke-width="4" stroke-linecap="round"/><circle cx="24" cy="35" r="2.5" fill="currentColor"/>',
  pending:
    '<circle cx="24" cy="24" r="18" fill="none" stroke="currentColor" stroke-width="4" stroke-dasharray="8 6"/>',
};
