import type { App } from '../http/env.ts';
import * as accounts from './accounts.tsx';
import * as desk from './desk.tsx';
import * as dues from './dues.tsx';
import * as enrol from './enrol.tsx';
import * as filings from './filings.tsx';
import * as home from './home.ts';
import * as imports from './import.tsx';
import * as login from './login.tsx';
import * as letter from './letter.tsx';
import * as me from './me.tsx';
import * as member from './member.tsx';
import * as members from './members.tsx';
import * as orgs from './orgs.tsx';
import * as password from './password.tsx';

/** A page file: one page (or a page and its form posts), registered on the app. */
export interface PageModule {
  register(app: App): void;
}

/**
 * Every web page, one file each (DESIGN §5). Like the API routes, each page
 * route needs its rows in the authorisation matrix (test/http/matrix.case.ts)
 * or that test fails. Add pages here.
 */
// /members/new before /members/{id}: the first registered route that matches answers.
export const PAGES: PageModule[] = [
  home,
  login,
  password,
  me,
  desk,
  members,
  enrol,
  member,
  letter,
  orgs,
  imports,
  filings,
  dues,
  accounts,
];

export function registerPages(app: App, pages: readonly PageModule[] = PAGES): void {
  for (const p of pages) p.register(app);
}
