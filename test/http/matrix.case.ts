import { integrate } from '../../src/service/log.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/http/env.ts';
import { addOrg, orgTree } from '../../src/service/orgs.ts';
import { TOKEN_ABILITIES } from '../../src/service/authorisation.ts';
import { endorse } from '../../src/service/endorse.ts';
import { enroll, loadMember } from '../../src/service/members.ts';
import { FIRST_STATISTICS_YEAR } from '../../src/domain/filing.ts';
import {
  exemptFiling,
  fileAnnual,
  filingChildren,
  reviewFiling,
} from '../../src/service/filings.ts';
import { createApiToken } from '../../src/service/tokens.ts';
import type { Store } from '../../src/store/db.ts';
import { newKekText } from '../../src/crypto/keys.ts';
import { openAppRoleStores, type AppRoleStores } from '../support/app-role.ts';
import { seedTree, testDeps } from '../support/deps.ts';
import { Client, memberAccount, officer, PASSWORD, testApp } from '../support/http.ts';
import { person } from '../support/people.ts';
import { personAt, ROSTER_HEADERS, rosterRow } from '../../src/demo/people.ts';
import { toCsv } from '../../src/import/table.ts';
import { openTestStore } from '../support/stores.ts';

/**
 * The authorisation matrix, table-driven: every route × principal × target →
 * the status expected. Officers hold their role at c1 (a 党委, so it has
 * 审批权); the targets are c1 itself (own), b1 under it (child), c2 beside it
 * (sibling), b3 under c2 (unrelated), and for member routes the member
 * principal's own record (self, at b1) and another member's (other, at b2).
 * Tree: root → c1 → b1, b2; root → c2 → b3; root → c9 → b9 ("elsewhere":
 * where arrivals and 流动党员 come from).
 *
 * The test reads the app's own route list and fails when a route has no row,
 * so a new route cannot ship unchecked.
 */
export const PRINCIPALS = [
  'anonymous',
  'member',
  'viewer',
  'clerk',
  'organizer',
  'secretary',
  'token',
] as const;
export const TARGETS = ['own', 'child', 'sibling', 'unrelated', 'self', 'other'] as const;
type Principal = (typeof PRINCIPALS)[number];
type Target = (typeof TARGETS)[number] | 'none';
type Expect = Record<Principal, string>;

const ORG_TARGETS = ['own', 'child', 'sibling', 'unrelated'] as const;
const NONE = ['none'] as const;
const ORG_OF = { own: 'c1', child: 'b1', sibling: 'c2', unrelated: 'b3' } as const;

interface Ctx {
  app: App;
  deps: Awaited<ReturnType<typeof testApp>>['deps'];
  clients: Record<Principal, Client>;
  memberAt: Record<'own' | 'child' | 'sibling' | 'unrelated' | 'self' | 'other', string>;
  /** A new client logged in as that principal (for routes that end or replace the session). */
  fresh(p: Principal): Promise<Client>;
  newMember(org: string, over?: Parameters<typeof person>[0]): Promise<string>;
  /** Members prepared for refused endorsements, by kind/org (a refusal changes nothing, so they are shared). */
  prepared: Map<string, Promise<{ id: string; body: Record<string, unknown> }>>;
}

type Req = {
  method: string;
  path: string;
  body?: unknown;
  client?: Client;
  headers?: Record<string, string>;
};
interface Row {
  route: string;
  variant?: string;
  targets: readonly Target[];
  /** For each principal, one status per target, space-separated; `-` = not applicable. */
  expect: Expect;
  request(ctx: Ctx, target: Target, principal: Principal, success: boolean): Promise<Req>;
}

const orgOf = (t: Target): string => ORG_OF[t as keyof typeof ORG_OF];
const memberOf = (ctx: Ctx, t: Target): string => ctx.memberAt[t as keyof Ctx['memberAt']];

// --- the table ---------------------------------------------------------------

const ALL_200: Expect = {
  anonymous: '200',
  member: '200',
  viewer: '200',
  clerk: '200',
  organizer: '200',
  secretary: '200',
  token: '200',
};
const AUTHED_200: Expect = { ...ALL_200, anonymous: '401' };
const ORG_READ: Expect = {
  anonymous: '401 401 401 401',
  member: '200 200 200 200',
  viewer: '200 200 200 200',
  clerk: '200 200 200 200',
  organizer: '200 200 200 200',
  secretary: '200 200 200 200',
  token: '200 200 200 200',
};
const MEMBER_READ: Expect = {
  anonymous: '401 401 401 401 401 401',
  member: '403 403 403 403 200 403',
  viewer: '200 200 403 403 200 200',
  clerk: '200 200 403 403 200 200',
  organizer: '200 200 403 403 200 200',
  secretary: '200 200 403 403 200 200',
  token: '200 200 403 403 200 200',
};
const SECRETARY_ONLY = (ok: string): Expect => ({
  anonymous: '401 401 401 401',
  member: '403 403 403 403',
  viewer: '403 403 403 403',
  clerk: '403 403 403 403',
  organizer: '403 403 403 403',
  secretary: `${ok} ${ok} 403 403`,
  token: '403 403 403 403',
});
/** orgs:manage: secretaries and organizers of a 党委 (c1), over the cells given. */
const ORG_MANAGE = (cells: string): Expect => ({
  anonymous: '401 401 401 401',
  member: '403 403 403 403',
  viewer: '403 403 403 403',
  clerk: '403 403 403 403',
  organizer: cells,
  secretary: cells,
  token: '403 403 403 403',
});
/** The tree-change pages: 303 back to the page on success, 403 otherwise; not logged in → 303 to login. */
const ORG_PAGE = (cells: string): Expect => ({
  ...ORG_MANAGE(cells),
  anonymous: '303 303 303 303',
});
/** Who holds orgs:manage at c1 (a page's success is a 303, so rows tell success by principal). */
const MANAGERS: readonly Principal[] = ['organizer', 'secretary'];
/** A fresh 党小组 under b1, for a move that must succeed. */
async function freshGroup(c: Ctx): Promise<string> {
  const id = `grp-${serial++}`;
  await addOrg(c.deps, { id, name: '党小组', type: 'group', parent: 'b1' });
  return id;
}
/** A fresh 支部 under c1 holding one member, for a dissolution into b2 that must succeed. */
async function freshBranchWithMember(c: Ctx): Promise<string> {
  const id = `dism-${serial++}`;
  await addOrg(c.deps, { id, name: '待撤销党支部', type: 'branch', parent: 'c1' });
  await c.newMember(id);
  return id;
}
/** A viewer login at the target org: fresh when the request should succeed, else one shared per org (a refusal changes nothing). */
const logins = new WeakMap<Ctx, Map<string, Promise<string>>>();
function loginAt(c: Ctx, t: Target, success: boolean): Promise<string> {
  if (!logins.has(c)) logins.set(c, new Map());
  const shared = logins.get(c)!;
  const make = async () =>
    (await officer(c.deps, `acct-${serial++}`, [{ org: orgOf(t), role: 'viewer' }])).id;
  if (success) return make();
  let id = shared.get(orgOf(t));
  if (!id) shared.set(orgOf(t), (id = make()));
  return id;
}
/** The national ID of a member enrolled at the target org (one per org and run). */
const enrolled = new WeakMap<Ctx, Map<string, Promise<string>>>();
function enrolledId(c: Ctx, t: Target): Promise<string> {
  if (!enrolled.has(c)) enrolled.set(c, new Map());
  const byOrg = enrolled.get(c)!;
  let id = byOrg.get(orgOf(t));
  if (!id) {
    const p = person({ org: orgOf(t) });
    id = c.newMember(orgOf(t), p).then(() => p.nationalId);
    byOrg.set(orgOf(t), id);
  }
  return id;
}
/** Endorsements: officers over own/child may, the rest may not; self/other only tried by those who must fail. */
const ENDORSE = (roles: Principal[]): Expect => ({
  anonymous: '401 401 401 401 401 401',
  member: '403 403 403 403 403 403',
  viewer: '403 403 403 403 - -',
  clerk: roles.includes('clerk') ? '201 201 403 403 - -' : '403 403 403 403 - -',
  organizer: '201 201 403 403 - -',
  secretary: '201 201 403 403 - -',
  token: '403 403 403 403 403 403',
});

const get = (path: string): Req => ({ method: 'GET', path });
/** A web form post (the CSRF token goes as the header the test client sends; pages accept both). */
const form = (path: string, fields: Record<string, string>, client?: Client): Req => ({
  method: 'POST',
  path,
  body: new URLSearchParams(fields).toString(),
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  ...(client ? { client } : {}),
});
/** Web pages: not logged in → 303 to the login page; a member on an officer page → 303 to their card. */
const ALL_303: Expect = {
  anonymous: '303',
  member: '303',
  viewer: '303',
  clerk: '303',
  organizer: '303',
  secretary: '303',
  token: '303',
};
const OWN_CARD: Expect = {
  anonymous: '303',
  member: '200',
  viewer: '303',
  clerk: '303',
  organizer: '303',
  secretary: '303',
  token: '403',
};
const SECRETARY_PAGE: Expect = {
  anonymous: '303',
  member: '303',
  viewer: '403',
  clerk: '403',
  organizer: '403',
  secretary: '200',
  token: '403',
};
const ENROL_PAGE: Expect = {
  anonymous: '401',
  member: '403',
  viewer: '403',
  clerk: '200',
  organizer: '200',
  secretary: '200',
  token: '403',
};
const OFFICER_PAGE_BY_ORG: Expect = {
  anonymous: '303 303 303 303',
  member: '303 303 303 303',
  viewer: '200 200 403 403',
  clerk: '200 200 403 403',
  organizer: '200 200 403 403',
  secretary: '200 200 403 403',
  token: '403 403 403 403',
};

/** The dues page's posts: clerks and above over own and child, by post/redirect/get. */
const DUES_FORM: Expect = {
  anonymous: '303 303 303 303',
  member: '403 403 403 403',
  viewer: '403 403 403 403',
  clerk: '303 303 403 403',
  organizer: '303 303 403 403',
  secretary: '303 303 403 403',
  token: '403 403 403 403',
};
/** A member not yet paid for 2026-03 at the target, for principals who may record there; any member otherwise. */
const duesMember = async (ctx: Ctx, t: Target, p: Principal): Promise<string> =>
  ['clerk', 'organizer', 'secretary'].includes(p) && (t === 'own' || t === 'child')
    ? ctx.newMember(orgOf(t))
    : ctx.memberAt.self;
/** A multipart form post with one file field, as a browser sends an upload. */
function multipart(path: string, fields: Record<string, string>, csv: string): Req {
  const b = 'matrixboundary';
  const parts = Object.entries(fields).map(
    ([k, v]) => `--${b}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`,
  );
  parts.push(
    `--${b}\r\nContent-Disposition: form-data; name="file"; filename="dues.csv"\r\nContent-Type: text/csv\r\n\r\n${csv}\r\n`,
  );
  return {
    method: 'POST',
    path,
    body: `${parts.join('')}--${b}--\r\n`,
    headers: { 'content-type': `multipart/form-data; boundary=${b}` },
  };
}

/** The import page (src/web/import.tsx): clerks and above over own and child enrol; the preview and the result are pages (200). */
const IMPORT_PAGE = (cells: string, clerk = cells): Expect => ({
  anonymous: '303 303 303 303',
  member: '403 403 403 403',
  viewer: '403 403 403 403',
  clerk,
  organizer: cells,
  secretary: cells,
  token: '403 403 403 403',
});
/** A multipart form post of fields only (the import page's confirmation). */
function multipartFields(path: string, fields: Record<string, string>): Req {
  const b = 'matrixboundary';
  const parts = Object.entries(fields).map(
    ([k, v]) => `--${b}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`,
  );
  return {
    method: 'POST',
    path,
    body: `${parts.join('')}--${b}--\r\n`,
    headers: { 'content-type': `multipart/form-data; boundary=${b}` },
  };
}
/** The file an import-page cell uploads: one fresh member, or one fresh org, under the target. */
function importFile(kind: 'members' | 'orgs', t: Target): string {
  return kind === 'members'
    ? toCsv(ROSTER_HEADERS, [rosterRow(personAt(12, serial++, '2024-01-01'), orgOf(t))])
    : toCsv(
        ['编码', '名称', '类型', '上级编码'],
        [
          [
            `pimp-${serial++}`,
            '网页导入',
            orgOf(t).startsWith('c') ? '党支部' : '党小组',
            orgOf(t),
          ],
        ],
      );
}
/** The confirmation of a real preview when the principal may preview there; a dummy one otherwise. */
async function importConfirm(ctx: Ctx, kind: 'members' | 'orgs', t: Target, p: Principal) {
  const path = `/orgs/${orgOf(t)}/import`;
  const fields: Record<string, string> = { kind, name: 'x.csv', file: '', sha256: '', seal: '' };
  if (p !== 'anonymous' && p !== 'member' && p !== 'token') {
    const up = multipart(`${path}/upload`, { kind }, importFile(kind, t));
    const res = await ctx.clients[p].request(up.method, up.path, up.body, up.headers);
    const html = await res.text();
    for (const m of html.matchAll(/<input type="hidden" name="(\w+)" value="([^"]*)"/g))
      if (m[1] !== '_csrf' && m[1] !== 'org') fields[m[1]!] = m[2]!;
  }
  return multipartFields(`${path}/confirm`, fields);
}
/** Reads of an org's subtree data (alerts, filings): officers and tokens over own and child. */
const SUBTREE_READ: Expect = {
  anonymous: '401 401 401 401',
  member: '403 403 403 403',
  viewer: '200 200 403 403',
  clerk: '200 200 403 403',
  organizer: '200 200 403 403',
  secretary: '200 200 403 403',
  token: '200 200 403 403',
};
const NO_OFFICER_WRITE: Expect = {
  anonymous: '401 401 401 401',
  member: '403 403 403 403',
  viewer: '403 403 403 403',
  clerk: '403 403 403 403',
  organizer: '403 403 403 403',
  secretary: '403 403 403 403',
  token: '403 403 403 403',
};
const COVER = { filer: '李四', responsible: '王五', phone: '010-12345678', date: '2026-02-01' };
/**
 * A statistics year not yet used by another cell, all before the test clock's cut-off (2026):
 * from 1950 there are 76 of them, as many cells as file (every one uses b1's year).
 */
const filingYears = new WeakMap<object, number>();
const freshYear = (ctx: Ctx) => {
  const year = (filingYears.get(ctx.deps) ?? FIRST_STATISTICS_YEAR - 1) + 1;
  if (year >= 2026) throw new Error('the matrix ran out of statistics years before the clock');
  filingYears.set(ctx.deps, year);
  return year;
};
/**
 * Files and accepts, bottom-up, every org below `org` for `year`, so that `org` may file: its
 * children are b1 and b2, plus whatever earlier rows added under it (an org-tree import).
 */
async function fileChildrenAccepted(ctx: Ctx, org: string, year: number): Promise<void> {
  const tree = await orgTree(ctx.deps);
  for (const child of filingChildren(ctx.deps, tree, org, year)) {
    // A 支部 an earlier row dissolved still owes the years before, but signs nothing now: 免报.
    if (child.dissolved !== undefined) {
      const reason = '组织已撤销';
      await exemptFiling(ctx.deps, {
        child: child.id,
        year,
        reason,
        late: false,
        officer: 'setup',
      });
      continue;
    }
    await fileChildrenAccepted(ctx, child.id, year);
    await fileAccepted(ctx, child.id, year);
  }
}

/** Files `org`'s figures for `year` through the service, and has its parent accept them. */
async function fileAccepted(ctx: Ctx, org: string, year: number, accept = true): Promise<void> {
  const officer = 'setup';
  await fileAnnual(ctx.deps, { org, year, officer, cover: COVER });
  if (accept) await reviewFiling(ctx.deps, { child: org, year, action: 'accepted', officer });
}

/** The member an endorsement of `kind` needs at `org` (the target), set up through the service. */
async function endorsable(
  ctx: Ctx,
  kind: string,
  org: string,
): Promise<{ id: string; body: Record<string, unknown> }> {
  const actor = { officer: 'setup' };
  const d = ctx.deps;
  switch (kind) {
    case 'transfer_out':
      return { id: await ctx.newMember(org), body: { to: 'b9', reason: '工作调动' } };
    case 'arrival':
    case 'transfer_return': {
      const id = await ctx.newMember('b9');
      await endorse(d, {
        memberId: id,
        intent: { kind: 'transfer_out', to: org },
        actor: { org: 'b9', ...actor },
      });
      return { id, body: {} };
    }
    case 'temp_out':
      return { id: await ctx.newMember(org), body: { until: '2026-04-01', to: '北京' } };
    case 'temp_return': {
      const id = await ctx.newMember(org);
      await endorse(d, {
        memberId: id,
        intent: { kind: 'temp_out', until: '2026-04-01' },
        actor: { org, ...actor },
      });
      return { id, body: {} };
    }
    case 'flow_register': {
      // A host registers a member from elsewhere only with the credential the member presents.
      const id = await ctx.newMember('b9');
      const { row } = await loadMember(d, id);
      return { id, body: { action: 'register', host: org, credential: row.credential } };
    }
    case 'flow_register_unpresented':
      return { id: await ctx.newMember('b9'), body: { action: 'register', host: org } };
    case 'status':
      return {
        id: await ctx.newMember(org),
        body: { change: 'left', date: '2026-02-01', reason: '自愿退党' },
      };
    case 'correction':
      return {
        id: await ctx.newMember(org),
        body: { refers: 1, reason: '录入错误', amend: { name: '李建国' } },
      };
    default:
      throw new Error(kind);
  }
}

function endorseRow(
  kind: string,
  roles: Principal[],
  setup = kind,
  expect: Expect = ENDORSE(roles),
): Row {
  return {
    route: 'POST /api/endorsements',
    variant: setup,
    targets: TARGETS,
    expect,
    async request(ctx, target, _p, success) {
      if (target === 'self' || target === 'other') {
        const { credential: _c, ...body } = (await endorsable(ctx, setup, 'b1')).body;
        return {
          method: 'POST',
          path: '/api/endorsements',
          body: { kind, member: memberOf(ctx, target), ...body },
        };
      }
      const org = orgOf(target);
      // A refused request changes nothing, so those share one prepared member per (kind, target).
      const key = `${setup}/${org}`;
      const cache = ctx.prepared;
      const prepared = success
        ? endorsable(ctx, setup, org)
        : (cache.get(key) ?? cache.set(key, endorsable(ctx, setup, org)).get(key)!);
      const { id, body } = await prepared;
      // With the scanned credential the member is named by it, not by id.
      const who = body.credential === undefined ? { member: id } : {};
      return { method: 'POST', path: '/api/endorsements', body: { kind, ...who, ...body } };
    },
  };
}

let serial = 0;
const csvBase64 = (headers: readonly string[], rows: string[][]) =>
  Buffer.from(toCsv(headers, rows)).toString('base64');
export const MATRIX: Row[] = [
  {
    route: 'POST /api/session',
    targets: NONE,
    expect: {
      anonymous: '201',
      member: '201',
      viewer: '201',
      clerk: '201',
      organizer: '201',
      secretary: '201',
      token: '201',
    },
    // Logging in again from the same browser: a fresh client per cell, since login ends the session it carried.
    request: async (ctx, _t, p) => ({
      method: 'POST',
      path: '/api/session',
      body: {
        username: p === 'anonymous' || p === 'token' ? 'm-viewer' : `m-${p}`,
        password: 'correct horse battery staple',
      },
      client: await ctx.fresh(p),
    }),
  },
  {
    route: 'DELETE /api/session',
    targets: NONE,
    expect: {
      anonymous: '401',
      member: '204',
      viewer: '204',
      clerk: '204',
      organizer: '204',
      secretary: '204',
      token: '400',
    },
    request: async (ctx, _t, p) => ({
      method: 'DELETE',
      path: '/api/session',
      client: await ctx.fresh(p),
    }),
  },
  { route: 'GET /api/me', targets: NONE, expect: AUTHED_200, request: async () => get('/api/me') },
  {
    route: 'GET /api/orgs',
    targets: NONE,
    expect: AUTHED_200,
    request: async () => get('/api/orgs'),
  },
  {
    route: 'GET /api/orgs/search',
    targets: NONE,
    expect: AUTHED_200,
    request: async () => get('/api/orgs/search?q=党委'),
  },
  {
    route: 'GET /api/orgs/{id}',
    targets: ORG_TARGETS,
    expect: ORG_READ,
    request: async (_c, t) => get(`/api/orgs/${orgOf(t)}`),
  },
  {
    route: 'GET /api/orgs/{id}/children',
    targets: ORG_TARGETS,
    expect: ORG_READ,
    request: async (_c, t) => get(`/api/orgs/${orgOf(t)}/children`),
  },
  {
    route: 'GET /api/orgs/{id}/alerts',
    targets: ORG_TARGETS,
    expect: {
      anonymous: '401 401 401 401',
      member: '403 403 403 403',
      viewer: '200 200 403 403',
      clerk: '200 200 403 403',
      organizer: '200 200 403 403',
      secretary: '200 200 403 403',
      token: '200 200 403 403',
    },
    request: async (_c, t) => get(`/api/orgs/${orgOf(t)}/alerts`),
  },
  {
    route: 'GET /api/orgs/{id}/audit',
    targets: ORG_TARGETS,
    expect: {
      anonymous: '401 401 401 401',
      member: '403 403 403 403',
      viewer: '403 403 403 403',
      clerk: '403 403 403 403',
      organizer: '200 200 403 403',
      secretary: '200 200 403 403',
      token: '403 403 403 403',
    },
    request: async (_c, t) => get(`/api/orgs/${orgOf(t)}/audit`),
  },
  {
    route: 'GET /api/orgs/{id}/filings/{year}',
    targets: ORG_TARGETS,
    expect: SUBTREE_READ,
    request: async (_c, t) => get(`/api/orgs/${orgOf(t)}/filings/2025`),
  },
  {
    route: 'GET /api/orgs/{id}/filings/{year}/figures',
    targets: ORG_TARGETS,
    expect: SUBTREE_READ,
    request: async (_c, t) => get(`/api/orgs/${orgOf(t)}/filings/2025/figures`),
  },
  {
    route: 'POST /api/orgs/{id}/filings/{year}',
    targets: ORG_TARGETS,
    expect: { ...NO_OFFICER_WRITE, organizer: '201 201 403 403', secretary: '201 201 403 403' },
    async request(ctx, t, _p, success) {
      const year = success ? freshYear(ctx) : 2025;
      // c1 files over its children, so they file and are accepted first.
      if (success && t === 'own') await fileChildrenAccepted(ctx, 'c1', year);
      return {
        method: 'POST',
        path: `/api/orgs/${orgOf(t)}/filings/${year}`,
        body: { cover: COVER },
      };
    },
  },
  ...(['review', 'exempt', 'extend'] as const).map((step): Row => ({
    route: `POST /api/orgs/{id}/filings/{year}/${step}`,
    targets: ORG_TARGETS,
    // Signed as the child's parent: officers at c1 review b1 (child), not c1 itself (its parent is the root).
    expect: { ...NO_OFFICER_WRITE, organizer: '403 201 403 403', secretary: '403 201 403 403' },
    async request(ctx, t, _p, success) {
      const year = success ? freshYear(ctx) : 2025;
      if (success && step === 'review') await fileAccepted(ctx, orgOf(t), year, false);
      const body =
        step === 'review'
          ? { action: 'returned', reason: '请核对' }
          : step === 'exempt'
            ? { reason: '机构撤并' }
            : { until: '2026-12-31', reason: '系统故障' };
      return { method: 'POST', path: `/api/orgs/${orgOf(t)}/filings/${year}/${step}`, body };
    },
  })),
  {
    route: 'GET /api/orgs/{id}/dues/{month}',
    targets: ORG_TARGETS,
    expect: { ...SUBTREE_READ, token: '403 403 403 403' },
    request: async (_c, t) => get(`/api/orgs/${orgOf(t)}/dues/2026-03`),
  },
  {
    route: 'POST /api/orgs/{id}/dues/{month}',
    targets: ORG_TARGETS,
    // Clerks and above over the org holding the members' relationship; a fresh member each time,
    // so every allowed cell records a month not yet paid.
    expect: {
      ...NO_OFFICER_WRITE,
      anonymous: '401 401 401 401',
      clerk: '201 201 403 403',
      organizer: '201 201 403 403',
      secretary: '201 201 403 403',
    },
    async request(ctx, t, _p, success) {
      const member = success ? await ctx.newMember(orgOf(t)) : ctx.memberAt.self;
      return {
        method: 'POST',
        path: `/api/orgs/${orgOf(t)}/dues/2026-03`,
        body: { rows: [{ member, kind: '在职', base: '4000.00', amount: '40.00' }] },
      };
    },
  },
  {
    route: 'GET /api/orgs/{id}/tokens',
    targets: ORG_TARGETS,
    expect: SECRETARY_ONLY('200'),
    request: async (_c, t) => get(`/api/orgs/${orgOf(t)}/tokens`),
  },
  {
    route: 'GET /api/members',
    targets: ORG_TARGETS,
    expect: {
      anonymous: '401 401 401 401',
      member: '403 403 403 403',
      viewer: '200 200 403 403',
      clerk: '200 200 403 403',
      organizer: '200 200 403 403',
      secretary: '200 200 403 403',
      token: '200 200 403 403',
    },
    request: async (_c, t) => get(`/api/members?org=${orgOf(t)}&q=李`),
  },
  {
    route: 'POST /api/members',
    targets: ORG_TARGETS,
    expect: {
      anonymous: '401 401 401 401',
      member: '403 403 403 403',
      viewer: '403 403 403 403',
      clerk: '201 201 403 403',
      organizer: '201 201 403 403',
      secretary: '201 201 403 403',
      token: '403 403 403 403',
    },
    request: async (_c, t) => ({
      method: 'POST',
      path: '/api/members',
      body: person({ org: orgOf(t) }),
    }),
  },
  {
    route: 'POST /api/imports/members',
    targets: ORG_TARGETS,
    expect: {
      anonymous: '401 401 401 401',
      member: '403 403 403 403',
      viewer: '403 403 403 403',
      clerk: '200 200 403 403',
      organizer: '200 200 403 403',
      secretary: '200 200 403 403',
      token: '403 403 403 403',
    },
    request: async (_c, t) => ({
      method: 'POST',
      path: '/api/imports/members',
      body: {
        org: orgOf(t),
        file: csvBase64(ROSTER_HEADERS, [
          rosterRow(personAt(11, serial++, '2024-01-01'), orgOf(t)),
        ]),
      },
    }),
  },
  {
    route: 'POST /api/imports/orgs',
    targets: ORG_TARGETS,
    expect: {
      anonymous: '401 401 401 401',
      member: '403 403 403 403',
      viewer: '403 403 403 403',
      clerk: '403 403 403 403',
      organizer: '200 200 403 403',
      secretary: '200 200 403 403',
      token: '403 403 403 403',
    },
    request: async (_c, t) => ({
      method: 'POST',
      path: '/api/imports/orgs',
      body: {
        org: orgOf(t),
        file: csvBase64(
          ['编码', '名称', '类型', '上级编码'],
          [
            [
              `imp-${serial++}`,
              '导入的组织',
              orgOf(t).startsWith('c') ? '党支部' : '党小组',
              orgOf(t),
            ],
          ],
        ),
      },
    }),
  },
  {
    route: 'GET /api/members/{id}',
    targets: TARGETS,
    expect: MEMBER_READ,
    request: async (c, t) => get(`/api/members/${memberOf(c, t)}`),
  },
  {
    route: 'GET /api/members/{id}',
    variant: 'reveal by GET is refused: a cross-site link could trigger it',
    targets: TARGETS,
    expect: Object.fromEntries(
      Object.entries(MEMBER_READ).map(([p, s]) => [p, s.replaceAll('200', '400')]),
    ) as Expect,
    request: async (c, t) => get(`/api/members/${memberOf(c, t)}?reveal=national_id`),
  },
  {
    route: 'POST /api/members/{id}/national-id',
    targets: TARGETS,
    expect: { ...MEMBER_READ, viewer: '403 403 403 403 403 403', token: '403 403 403 403 403 403' },
    request: async (c, t) => ({
      method: 'POST',
      path: `/api/members/${memberOf(c, t)}/national-id`,
      body: {},
    }),
  },
  {
    route: 'GET /api/members/{id}/bundle',
    targets: TARGETS,
    expect: MEMBER_READ,
    request: async (c, t) => get(`/api/members/${memberOf(c, t)}/bundle`),
  },
  {
    route: 'GET /api/members/{id}/qr.svg',
    targets: TARGETS,
    expect: MEMBER_READ,
    request: async (c, t) => get(`/api/members/${memberOf(c, t)}/qr.svg`),
  },
  {
    route: 'GET /api/members/{id}/qr.png',
    targets: TARGETS,
    expect: MEMBER_READ,
    request: async (c, t) => get(`/api/members/${memberOf(c, t)}/qr.png`),
  },
  endorseRow('transfer_out', []),
  endorseRow('arrival', []),
  endorseRow('transfer_return', []),
  endorseRow('status', []),
  endorseRow('temp_out', ['clerk']),
  endorseRow('temp_return', ['clerk']),
  endorseRow('flow_register', ['clerk']),
  // Being made host of a stranger's member without their credential: refused (issue 9 item 1).
  endorseRow('flow_register', ['clerk'], 'flow_register_unpresented', {
    ...ENDORSE([]),
    organizer: '403 403 403 403 - -',
    secretary: '403 403 403 403 - -',
  }),
  endorseRow('correction', ['clerk']),
  {
    route: 'POST /api/hr/moves',
    targets: ORG_TARGETS,
    expect: {
      anonymous: '401 401 401 401',
      member: '403 403 403 403',
      viewer: '403 403 403 403',
      clerk: '403 403 403 403',
      organizer: '403 403 403 403',
      secretary: '403 403 403 403',
      token: '201 201 403 403',
    },
    request: async (_c, t) => ({
      method: 'POST',
      path: '/api/hr/moves',
      body: { nationalId: person().nationalId, from: orgOf(t), to: 'b9', date: '2026-02-01' },
    }),
  },
  {
    route: 'POST /api/tokens',
    targets: ORG_TARGETS,
    expect: SECRETARY_ONLY('201'),
    request: async (_c, t) => ({
      method: 'POST',
      path: '/api/tokens',
      body: { org: orgOf(t), name: '人事系统', abilities: ['hr:moves'] },
    }),
  },
  {
    route: 'DELETE /api/tokens/{id}',
    targets: ORG_TARGETS,
    expect: SECRETARY_ONLY('204'),
    request: async (c, t) => {
      const { row } = await createApiToken(
        c.deps,
        { org: orgOf(t), name: 'to revoke', abilities: ['hr:moves'] },
        'setup',
      );
      return { method: 'DELETE', path: `/api/tokens/${row.id}` };
    },
  },
  {
    route: 'POST /api/accounts',
    targets: ORG_TARGETS,
    expect: SECRETARY_ONLY('201'),
    request: async (_c, t) => ({
      method: 'POST',
      path: '/api/accounts',
      body: {
        kind: 'officer',
        username: `new-${serial++}`,
        displayName: '新干事',
        password: 'a long enough password',
        roles: [{ org: orgOf(t), role: 'viewer' }],
      },
    }),
  },
  {
    route: 'GET /api/accounts',
    targets: ORG_TARGETS,
    expect: SECRETARY_ONLY('200'),
    request: async (_c, t) => get(`/api/accounts?org=${orgOf(t)}`),
  },
  {
    route: 'POST /api/accounts/{id}/disable',
    targets: ORG_TARGETS,
    expect: SECRETARY_ONLY('200'),
    request: async (c, t, _p, success) => ({
      method: 'POST',
      path: `/api/accounts/${await loginAt(c, t, success)}/disable`,
    }),
  },
  {
    route: 'POST /api/accounts/{id}/enable',
    targets: ORG_TARGETS,
    expect: SECRETARY_ONLY('200'),
    request: async (c, t, _p, success) => ({
      method: 'POST',
      path: `/api/accounts/${await loginAt(c, t, success)}/enable`,
    }),
  },
  {
    route: 'POST /api/accounts/{id}/password-reset',
    targets: ORG_TARGETS,
    expect: SECRETARY_ONLY('200'),
    request: async (c, t, _p, success) => ({
      method: 'POST',
      path: `/api/accounts/${await loginAt(c, t, success)}/password-reset`,
    }),
  },
  {
    route: 'PUT /api/accounts/{id}/roles/{org}',
    targets: ORG_TARGETS,
    expect: SECRETARY_ONLY('200'),
    request: async (c, t, _p, success) => ({
      method: 'PUT',
      path: `/api/accounts/${await loginAt(c, t, success)}/roles/${orgOf(t)}`,
      body: { role: 'clerk' },
    }),
  },
  {
    // The login holds two roles in the target's subtree; one is taken.
    route: 'DELETE /api/accounts/{id}/roles/{org}',
    targets: ORG_TARGETS,
    expect: SECRETARY_ONLY('200'),
    request: async (c, t) => {
      const second = { own: 'b1', child: 'b2', sibling: 'b3', unrelated: 'c2' }[t as 'own'];
      const { id } = await officer(c.deps, `two-${serial++}`, [
        { org: orgOf(t), role: 'viewer' },
        { org: second, role: 'viewer' },
      ]);
      return { method: 'DELETE', path: `/api/accounts/${id}/roles/${orgOf(t)}` };
    },
  },
  {
    route: 'GET /.well-known/pmc/trust.json',
    targets: NONE,
    expect: ALL_200,
    request: async () => get('/.well-known/pmc/trust.json'),
  },
  {
    route: 'GET /.well-known/pmc/trust.jws',
    targets: NONE,
    expect: ALL_200,
    request: async () => get('/.well-known/pmc/trust.jws'),
  },
  // The transparency log's read side is public (and cacheable); each proof row signs a checkpoint first, so there is a size to refer to.
  // A backup is the root's: every principal here acts at c1 at most (the root secretary's 200 is in test/backup).
  {
    route: 'GET /api/backup',
    targets: NONE,
    expect: {
      anonymous: '401',
      member: '403',
      viewer: '403',
      clerk: '403',
      organizer: '403',
      secretary: '403',
      token: '403',
    },
    request: async () => get('/api/backup'),
  },
  {
    route: 'GET /log/checkpoint',
    targets: NONE,
    expect: ALL_200,
    request: async () => get('/log/checkpoint'),
  },
  {
    route: 'GET /log/proof/inclusion',
    targets: NONE,
    expect: ALL_200,
    request: async (c) => (await integrate(c.deps), get('/log/proof/inclusion?index=0&size=1')),
  },
  {
    route: 'GET /log/proof/consistency',
    targets: NONE,
    expect: ALL_200,
    request: async (c) => (await integrate(c.deps), get('/log/proof/consistency?from=1&to=1')),
  },
  {
    route: 'GET /log/tile/*',
    targets: NONE,
    expect: ALL_200,
    request: async (c) => (await integrate(c.deps), get('/log/tile/0/000.p/1')),
  },
  {
    route: 'GET /openapi.json',
    targets: NONE,
    expect: ALL_200,
    request: async () => get('/openapi.json'),
  },
  { route: 'GET /docs', targets: NONE, expect: ALL_200, request: async () => get('/docs') },
  // Health checks are public: a load balancer asks without credentials.
  { route: 'GET /healthz', targets: NONE, expect: ALL_200, request: async () => get('/healthz') },
  { route: 'GET /readyz', targets: NONE, expect: ALL_200, request: async () => get('/readyz') },
  // Issue 10, client side: the offline verify page and its "is there a newer state" question are public;
  // the scan page's actions are for officers (an officer with no authority gets an empty list).
  { route: 'GET /v', targets: NONE, expect: ALL_200, request: async () => get('/v') },
  {
    route: 'GET /scan',
    targets: NONE,
    expect: { ...ALL_200, anonymous: '303', member: '303', token: '303' },
    request: async () => get('/scan'),
  },
  {
    route: 'GET /.well-known/pmc/head/{id}',
    targets: NONE,
    expect: ALL_200,
    request: async (c) => get(`/.well-known/pmc/head/${c.memberAt.self}`),
  },
  {
    route: 'GET /api/members/{id}/actions',
    targets: TARGETS,
    expect: {
      anonymous: '401 401 401 401 401 401',
      member: '403 403 403 403 403 403',
      viewer: '200 200 200 200 200 200',
      clerk: '200 200 200 200 200 200',
      organizer: '200 200 200 200 200 200',
      secretary: '200 200 200 200 200 200',
      token: '403 403 403 403 403 403',
    },
    request: async (c, t) => get(`/api/members/${memberOf(c, t)}/actions`),
  },
  // --- web pages (src/web/) ---
  { route: 'GET /', targets: NONE, expect: ALL_303, request: async () => get('/') },
  { route: 'GET /login', targets: NONE, expect: ALL_200, request: async () => get('/login') },
  {
    route: 'POST /login',
    targets: NONE,
    expect: ALL_303,
    request: async (ctx, _t, p) =>
      form(
        '/login',
        {
          username: p === 'anonymous' || p === 'token' ? 'm-viewer' : `m-${p}`,
          password: PASSWORD,
        },
        await ctx.fresh(p),
      ),
  },
  {
    route: 'POST /logout',
    targets: NONE,
    expect: ALL_303,
    request: async (ctx, _t, p) => form('/logout', {}, await ctx.fresh(p)),
  },
  {
    route: 'GET /password',
    targets: NONE,
    expect: { ...AUTHED_200, anonymous: '303', token: '303' },
    request: async () => get('/password'),
  },
  {
    // The two new passwords differ: refused as input (422) once the caller is let in, changing nothing.
    route: 'POST /password',
    targets: NONE,
    expect: {
      anonymous: '303',
      member: '422',
      viewer: '422',
      clerk: '422',
      organizer: '422',
      secretary: '422',
      token: '303',
    },
    request: async () =>
      form('/password', {
        current: PASSWORD,
        password: 'one new password',
        confirm: 'another one',
      }),
  },
  {
    // The new password equals the current one: 422 after the current one is checked, changing nothing.
    route: 'POST /api/password',
    targets: NONE,
    expect: {
      anonymous: '401',
      member: '422',
      viewer: '422',
      clerk: '422',
      organizer: '422',
      secretary: '422',
      token: '403',
    },
    request: async () => ({
      method: 'POST',
      path: '/api/password',
      body: { current: PASSWORD, password: PASSWORD },
    }),
  },
  { route: 'GET /me', targets: NONE, expect: OWN_CARD, request: async () => get('/me') },
  {
    route: 'GET /me/print',
    targets: NONE,
    expect: OWN_CARD,
    request: async () => get('/me/print'),
  },
  {
    route: 'GET /desk',
    targets: ORG_TARGETS,
    expect: OFFICER_PAGE_BY_ORG,
    request: async (_c, t) => get(`/desk?org=${orgOf(t)}`),
  },
  {
    route: 'GET /desk.csv',
    targets: ORG_TARGETS,
    expect: OFFICER_PAGE_BY_ORG,
    request: async (_c, t) => get(`/desk.csv?org=${orgOf(t)}&list=activity`),
  },
  {
    route: 'GET /members',
    targets: ORG_TARGETS,
    expect: OFFICER_PAGE_BY_ORG,
    request: async (_c, t) => get(`/members?org=${orgOf(t)}&status=normal`),
  },
  {
    route: 'GET /members.csv',
    targets: ORG_TARGETS,
    expect: OFFICER_PAGE_BY_ORG,
    request: async (_c, t) => get(`/members.csv?org=${orgOf(t)}`),
  },
  {
    route: 'GET /members/new',
    targets: NONE,
    expect: { ...ENROL_PAGE, anonymous: '303', member: '303' },
    request: async () => get('/members/new'),
  },
  {
    route: 'POST /members/new',
    targets: ORG_TARGETS,
    expect: {
      anonymous: '303 303 303 303',
      member: '403 403 403 403',
      viewer: '403 403 403 403',
      clerk: '303 303 403 403',
      organizer: '303 303 403 403',
      secretary: '303 303 403 403',
      token: '403 403 403 403',
    },
    request: async (_c, t) => {
      const p = person({ org: orgOf(t) });
      return form('/members/new', {
        org: p.org,
        name: p.name,
        gender: p.gender,
        birth: p.birth,
        nationalId: p.nationalId,
        joined: p.joined,
        personnel: p.personnel ?? 'other',
      });
    },
  },
  {
    route: 'GET /members/{id}',
    targets: TARGETS,
    expect: {
      ...MEMBER_READ,
      anonymous: '303 303 303 303 303 303',
      member: '403 403 403 403 303 403',
    },
    request: async (c, t) => get(`/members/${memberOf(c, t)}`),
  },
  {
    // None of these members is in transit: those let in get 404 (no letter to print), the rest 403.
    route: 'GET /members/{id}/letter',
    targets: TARGETS,
    expect: {
      anonymous: '303 303 303 303 303 303',
      member: '403 403 403 403 404 403',
      viewer: '404 404 403 403 404 404',
      clerk: '404 404 403 403 404 404',
      organizer: '404 404 403 403 404 404',
      secretary: '404 404 403 403 404 404',
      token: '404 404 403 403 404 404',
    },
    request: async (c, t) => get(`/members/${memberOf(c, t)}/letter`),
  },
  {
    route: 'GET /orgs',
    targets: NONE,
    expect: { ...AUTHED_200, anonymous: '303', member: '303', token: '403' },
    request: async () => get('/orgs'),
  },
  {
    route: 'GET /filings',
    targets: NONE,
    expect: { ...AUTHED_200, anonymous: '303', member: '303', token: '403' },
    request: async () => get('/filings?org=c1&year=2025'),
  },
  {
    // 上报 from the page: organizers and secretaries over own and child, as POST /api/orgs/{id}/filings/{year}.
    route: 'POST /filings/file',
    targets: ORG_TARGETS,
    expect: {
      ...NO_OFFICER_WRITE,
      anonymous: '303 303 303 303',
      organizer: '303 303 403 403',
      secretary: '303 303 403 403',
    },
    async request(ctx, t, p) {
      const allowed = (p === 'organizer' || p === 'secretary') && (t === 'own' || t === 'child');
      const year = allowed ? freshYear(ctx) : 2025;
      if (allowed && t === 'own') await fileChildrenAccepted(ctx, 'c1', year);
      return form('/filings/file', {
        org: orgOf(t),
        year: String(year),
        ...Object.fromEntries(Object.entries(COVER).map(([k, v]) => [`cover.${k}`, v])),
      });
    },
  },
  {
    // 接收 / 退回 from the page, signed as the child's parent (officers at c1 review b1, not c1).
    route: 'POST /filings/review',
    targets: ORG_TARGETS,
    expect: {
      ...NO_OFFICER_WRITE,
      anonymous: '303 303 303 303',
      organizer: '403 303 403 403',
      secretary: '403 303 403 403',
    },
    async request(ctx, t, p) {
      const allowed = (p === 'organizer' || p === 'secretary') && t === 'child';
      const year = allowed ? freshYear(ctx) : 2025;
      if (allowed) await fileAccepted(ctx, orgOf(t), year, false);
      return form('/filings/review', {
        child: orgOf(t),
        year: String(year),
        action: 'returned',
        reason: '请核对',
      });
    },
  },
  ...(['exempt', 'extend'] as const).map((step): Row => ({
    // 免报 / 延期 from the page, signed as the child's parent, as the API's rows.
    route: `POST /filings/${step}`,
    targets: ORG_TARGETS,
    expect: {
      ...NO_OFFICER_WRITE,
      anonymous: '303 303 303 303',
      organizer: '403 303 403 403',
      secretary: '403 303 403 403',
    },
    async request(ctx, t, p) {
      const allowed = (p === 'organizer' || p === 'secretary') && t === 'child';
      const year = allowed ? freshYear(ctx) : 2025;
      return form(`/filings/${step}`, {
        child: orgOf(t),
        year: String(year),
        ...(step === 'exempt'
          ? { reason: '机构撤并' }
          : { until: '2026-12-31', reason: '系统故障' }),
      });
    },
  })),
  // 党费 (src/web/dues.tsx): read with dues:read (no tokens), record with dues:record (clerks and above).
  ...(['/filings.csv', '/filings.xlsx'] as const).map((path): Row => ({
    route: `GET ${path}`,
    targets: ORG_TARGETS,
    expect: OFFICER_PAGE_BY_ORG,
    request: async (_c, t) => get(`${path}?org=${orgOf(t)}&year=2025`),
  })),
  ...(['/dues', '/dues.csv', '/dues.xlsx'] as const).map((path): Row => ({
    route: `GET ${path}`,
    targets: ORG_TARGETS,
    expect: OFFICER_PAGE_BY_ORG,
    request: async (_c, t) => get(`${path}?org=${orgOf(t)}&month=2026-03`),
  })),
  {
    // A fresh member each time for those let in, so every allowed cell records a month not yet paid.
    route: 'POST /dues/record',
    targets: ORG_TARGETS,
    expect: DUES_FORM,
    async request(ctx, t, p) {
      const member = await duesMember(ctx, t, p);
      return form('/dues/record', {
        org: orgOf(t),
        month: '2026-03',
        rows: '1',
        backRows: '0',
        m0: member,
        k0: '在职',
        b0: '4000.00',
        a0: '40.00',
      });
    },
  },
  {
    route: 'POST /dues/upload',
    targets: ORG_TARGETS,
    expect: DUES_FORM,
    async request(ctx, t, p) {
      const member = await duesMember(ctx, t, p);
      const csv = `党员编号,交纳类别,税后月收入（元）,实交金额（元）\r\n${member},在职,4000.00,40.00\r\n`;
      return multipart('/dues/upload', { org: orgOf(t), month: '2026-03' }, csv);
    },
  },
  {
    route: 'GET /accounts',
    targets: NONE,
    expect: SECRETARY_PAGE,
    request: async () => get('/accounts'),
  },
  {
    route: 'POST /accounts',
    targets: ORG_TARGETS,
    expect: { ...SECRETARY_ONLY('201'), anonymous: '303 303 303 303' },
    request: async (_c, t) =>
      form('/accounts', {
        org: orgOf(t),
        username: `page-${serial++}`,
        displayName: '新干事',
        role: 'viewer',
      }),
  },
  {
    route: 'POST /accounts/tokens',
    targets: ORG_TARGETS,
    expect: { ...SECRETARY_ONLY('201'), anonymous: '303 303 303 303' },
    request: async (_c, t) =>
      form('/accounts/tokens', { org: orgOf(t), name: '人事系统', abilities: 'hr:moves' }),
  },
  {
    route: 'POST /accounts/tokens/{id}/revoke',
    targets: ORG_TARGETS,
    expect: { ...SECRETARY_ONLY('303'), anonymous: '303 303 303 303' },
    request: async (c, t) => {
      const { row } = await createApiToken(
        c.deps,
        { org: orgOf(t), name: 'to revoke', abilities: ['hr:moves'] },
        'setup',
      );
      return form(`/accounts/tokens/${row.id}/revoke`, {});
    },
  },
  {
    route: 'GET /orgs/{id}/import',
    targets: ORG_TARGETS,
    expect: { ...IMPORT_PAGE('200 200 403 403'), member: '303 303 303 303' },
    request: async (_c, t) => get(`/orgs/${orgOf(t)}/import`),
  },
  {
    route: 'GET /import/templates/{file}',
    targets: NONE,
    expect: { ...AUTHED_200, anonymous: '303', member: '303', viewer: '403', token: '403' },
    request: async () => get('/import/templates/members.xlsx'),
  },
  {
    route: 'POST /orgs/{id}/import/upload',
    targets: ORG_TARGETS,
    expect: IMPORT_PAGE('200 200 403 403'),
    request: async (_c, t) =>
      multipart(`/orgs/${orgOf(t)}/import/upload`, { kind: 'members' }, importFile('members', t)),
  },
  {
    route: 'POST /orgs/{id}/import/confirm',
    targets: ORG_TARGETS,
    expect: IMPORT_PAGE('200 200 403 403'),
    request: async (c, t, p) => importConfirm(c, 'members', t, p),
  },
  // Tree changes last: the orgs they add under c1 would otherwise change what c1 files above.
  {
    // An org tree from the page: orgs:manage, as POST /api/imports/orgs (clerks may not).
    route: 'POST /orgs/{id}/import/upload',
    variant: 'orgs',
    targets: ORG_TARGETS,
    expect: IMPORT_PAGE('200 200 403 403', '403 403 403 403'),
    request: async (_c, t) =>
      multipart(`/orgs/${orgOf(t)}/import/upload`, { kind: 'orgs' }, importFile('orgs', t)),
  },
  {
    route: 'POST /orgs/{id}/import/confirm',
    variant: 'orgs',
    targets: ORG_TARGETS,
    expect: IMPORT_PAGE('200 200 403 403', '403 403 403 403'),
    request: async (c, t, p) => importConfirm(c, 'orgs', t, p),
  },
  {
    // Under the target: a 支部 under a 党委, a 党小组 under a 支部. orgs:manage sits at 党委 level.
    route: 'POST /api/orgs',
    targets: ORG_TARGETS,
    expect: ORG_MANAGE('201 201 403 403'),
    request: async (_c, t) => ({
      method: 'POST',
      path: '/api/orgs',
      body: {
        id: `new-${serial++}`,
        name: '新建组织',
        type: t === 'own' || t === 'sibling' ? 'branch' : 'group',
        parent: orgOf(t),
      },
    }),
  },
  {
    // Renamed from above: c1 itself belongs to the root's officers.
    route: 'PATCH /api/orgs/{id}',
    targets: ORG_TARGETS,
    expect: ORG_MANAGE('403 200 403 403'),
    request: async (_c, t) => ({
      method: 'PATCH',
      path: `/api/orgs/${orgOf(t)}`,
      body: { name: `更名-${serial++}` },
    }),
  },
  {
    // Who may succeed moves a fresh 党小组 from b1 to b2 (the child target); the rest try the real org.
    route: 'PATCH /api/orgs/{id}',
    variant: 'move',
    targets: ORG_TARGETS,
    expect: ORG_MANAGE('403 200 403 403'),
    request: async (c, t, _p, success) => ({
      method: 'PATCH',
      path: `/api/orgs/${success ? await freshGroup(c) : orgOf(t)}`,
      body: { parent: success ? 'b2' : 'c1' },
    }),
  },
  {
    // Who may succeed dissolves a fresh empty 支部 under c1 (the child target); the rest try the real org.
    route: 'POST /api/orgs/{id}/dissolve',
    targets: ORG_TARGETS,
    expect: ORG_MANAGE('403 200 403 403'),
    request: async (c, t, _p, success) => {
      let id: string = orgOf(t);
      if (success) {
        id = `dis-${serial++}`;
        await addOrg(c.deps, { id, name: '待撤销党支部', type: 'branch', parent: 'c1' });
      }
      return { method: 'POST', path: `/api/orgs/${id}/dissolve` };
    },
  },
  {
    // Who may succeed dissolves a fresh 支部 under c1 with a member, moving it to b2 (both under c1).
    route: 'POST /api/orgs/{id}/dissolve',
    variant: 'moving its members to a destination',
    targets: ORG_TARGETS,
    expect: ORG_MANAGE('403 200 403 403'),
    request: async (c, t, _p, success) => {
      const id = success ? await freshBranchWithMember(c) : orgOf(t);
      return { method: 'POST', path: `/api/orgs/${id}/dissolve`, body: { destination: 'b2' } };
    },
  },
  {
    // The destination must lie under the officer's orgs:manage too: b3 is under c2.
    route: 'POST /api/orgs/{id}/dissolve',
    variant: 'to a destination outside the officer’s subtree',
    targets: ORG_TARGETS,
    expect: ORG_MANAGE('403 403 403 403'),
    request: async (c, t, _p, success) => {
      const id = success ? await freshBranchWithMember(c) : orgOf(t);
      return { method: 'POST', path: `/api/orgs/${id}/dissolve`, body: { destination: 'b3' } };
    },
  },
  {
    route: 'POST /orgs/create',
    targets: ORG_TARGETS,
    expect: ORG_PAGE('303 303 403 403'),
    request: async (_c, t) =>
      form('/orgs/create', {
        parent: orgOf(t),
        id: `pg-${serial++}`,
        name: '网页新建',
        type: t === 'own' || t === 'sibling' ? 'branch' : 'group',
      }),
  },
  {
    route: 'POST /orgs/rename',
    targets: ORG_TARGETS,
    expect: ORG_PAGE('403 303 403 403'),
    request: async (_c, t) => form('/orgs/rename', { org: orgOf(t), name: `网页更名-${serial++}` }),
  },
  {
    route: 'POST /orgs/move',
    targets: ORG_TARGETS,
    expect: ORG_PAGE('403 303 403 403'),
    request: async (c, t, p) => {
      const success = t === 'child' && MANAGERS.includes(p);
      return form('/orgs/move', {
        org: success ? await freshGroup(c) : orgOf(t),
        parent: success ? 'b2' : 'c1',
      });
    },
  },
  {
    route: 'POST /orgs/dissolve',
    variant: 'moving its members to a destination',
    targets: ORG_TARGETS,
    expect: ORG_PAGE('403 303 403 403'),
    request: async (c, t, p) => {
      const success = t === 'child' && MANAGERS.includes(p);
      const org = success ? await freshBranchWithMember(c) : orgOf(t);
      return form('/orgs/dissolve', { org, destination: 'b2' });
    },
  },
  {
    route: 'POST /orgs/dissolve',
    targets: ORG_TARGETS,
    expect: ORG_PAGE('403 303 403 403'),
    request: async (c, t, p) => {
      let org: string = orgOf(t);
      if (t === 'child' && MANAGERS.includes(p)) {
        org = `pgd-${serial++}`;
        await addOrg(c.deps, { id: org, name: '待撤销党支部', type: 'branch', parent: 'c1' });
      }
      return form('/orgs/dissolve', { org });
    },
  },
  ...(['disable', 'enable', 'roles'] as const).map((action): Row => ({
    route: `POST /accounts/{id}/${action}`,
    targets: ORG_TARGETS,
    expect: { ...SECRETARY_ONLY('303'), anonymous: '303 303 303 303' },
    request: async (c, t) =>
      form(
        `/accounts/${await loginAt(c, t, false)}/${action}`,
        action === 'roles' ? { org: orgOf(t), role: 'clerk' } : {},
      ),
  })),
  {
    // The new password is shown once in the response itself: 200, not a redirect.
    route: 'POST /accounts/{id}/reset',
    targets: ORG_TARGETS,
    expect: { ...SECRETARY_ONLY('200'), anonymous: '303 303 303 303' },
    request: async (c, t) => form(`/accounts/${await loginAt(c, t, false)}/reset`, {}),
  },
  {
    route: 'POST /accounts/{id}/roles/remove',
    targets: ORG_TARGETS,
    expect: { ...SECRETARY_ONLY('303'), anonymous: '303 303 303 303' },
    request: async (c, t) => {
      const second = { own: 'b1', child: 'b2', sibling: 'b3', unrelated: 'c2' }[t as 'own'];
      const { id } = await officer(c.deps, `two-${serial++}`, [
        { org: orgOf(t), role: 'viewer' },
        { org: second, role: 'viewer' },
      ]);
      return form(`/accounts/${id}/roles/remove`, { org: orgOf(t) });
    },
  },
  {
    // Those who may reveal IDs get 200 everywhere: a member outside their orgs is simply not found.
    route: 'POST /api/members/national-id-search',
    targets: ORG_TARGETS,
    expect: {
      anonymous: '401 401 401 401',
      member: '403 403 403 403',
      viewer: '403 403 403 403',
      clerk: '200 200 200 200',
      organizer: '200 200 200 200',
      secretary: '200 200 200 200',
      token: '403 403 403 403',
    },
    request: async (c, t) => ({
      method: 'POST',
      path: '/api/members/national-id-search',
      body: { nationalId: await enrolledId(c, t) },
    }),
  },
  {
    route: 'POST /members/national-id',
    targets: ORG_TARGETS,
    expect: {
      anonymous: '303 303 303 303',
      member: '403 403 403 403',
      viewer: '403 403 403 403',
      clerk: '303 303 303 303',
      organizer: '303 303 303 303',
      secretary: '303 303 303 303',
      token: '403 403 403 403',
    },
    request: async (c, t) => form('/members/national-id', { nationalId: await enrolledId(c, t) }),
  },
];

/** The app's routes as `METHOD /path/{param}`, middleware left out. */
export function routesOf(app: App): string[] {
  const all = app.routes
    .filter((r) => r.method !== 'ALL')
    .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`);
  return [...new Set(all)].sort();
}

// --- the runner --------------------------------------------------------------

export function runMatrix(driver: Store['driver']) {
  describe(`authorisation matrix on ${driver}`, () => {
    let store: Store;
    let ctx: Ctx;

    let asAppRole: AppRoleStores | undefined;

    beforeAll(async () => {
      // On PostgreSQL the app runs as the application role with only docs/grants.sql's
      // privileges (issue 9 item 7): every route below then shows those grants suffice;
      // `pmcert init` (seedTree) is the owner's job, with the same KEK.
      const kekText = newKekText();
      if (driver === 'postgres') asAppRole = await openAppRoleStores();
      store = asAppRole ? asAppRole.app : await openTestStore(driver);
      const { app, deps } = await testApp(store, {}, { kekText });
      await seedTree(asAppRole ? await testDeps(asAppRole.owner, deps.clock, kekText) : deps);
      await addOrg(deps, { id: 'c9', name: '外单位党委', type: 'committee', parent: 'root' });
      await addOrg(deps, { id: 'b9', name: '外单位党支部', type: 'branch', parent: 'c9' });
      const newMember = async (org: string, over = {}) =>
        (await enroll(deps, person({ org, ...over }), { org, officer: 'setup' })).id;
      for (const role of ['viewer', 'clerk', 'organizer', 'secretary'] as const)
        await officer(deps, `m-${role}`, [{ org: 'c1', role }]);
      const memberAt = {
        own: await newMember('c1'),
        child: await newMember('b1'),
        sibling: await newMember('c2'),
        unrelated: await newMember('b3'),
        self: await newMember('b1', { name: '王本人' }),
        other: await newMember('b2', { name: '赵他人' }),
      };
      await memberAccount(deps, 'm-member', memberAt.self);
      const { token } = await createApiToken(
        deps,
        { org: 'c1', name: 'matrix', abilities: [...TOKEN_ABILITIES] },
        'setup',
      );
      const fresh = async (p: Principal): Promise<Client> =>
        p === 'anonymous'
          ? new Client(app)
          : p === 'token'
            ? Client.withToken(app, token)
            : Client.login(app, `m-${p}`);
      const clients = {} as Record<Principal, Client>;
      for (const p of PRINCIPALS) clients[p] = await fresh(p);
      ctx = { app, deps, clients, memberAt, fresh, newMember, prepared: new Map() };
    });
    afterAll(async () => {
      await (asAppRole ?? store)?.close();
    });

    it('has a row for every route of the app, and no row for a route that does not exist', () => {
      const routes = routesOf(ctx.app);
      const rows = new Set(MATRIX.map((r) => r.route));
      expect(
        routes.filter((r) => !rows.has(r)),
        'routes without a matrix row',
      ).toEqual([]);
      expect(
        [...rows].filter((r) => !routes.includes(r)),
        'rows for routes the app does not have',
      ).toEqual([]);
      expect(routes.length).toBeGreaterThanOrEqual(25);
    });

    it('every row names a status for every principal and target', () => {
      for (const row of MATRIX) {
        for (const p of PRINCIPALS) {
          const cells = row.expect[p].split(' ').filter(Boolean);
          expect(cells, `${row.route} ${row.variant ?? ''} ${p}`).toHaveLength(row.targets.length);
        }
      }
    });

    for (const row of MATRIX) {
      it(`${row.route}${row.variant ? ` (${row.variant})` : ''}`, async () => {
        const got: string[] = [];
        const want: string[] = [];
        for (const p of PRINCIPALS) {
          const cells = row.expect[p].split(' ');
          for (const [i, target] of row.targets.entries()) {
            const expected = cells[i]!;
            if (expected === '-') continue;
            const req = await row.request(ctx, target, p, expected.startsWith('2'));
            const client = req.client ?? ctx.clients[p];
            const res = await client.request(req.method, req.path, req.body, req.headers);
            const label = `${p} → ${target}`;
            want.push(`${label}: ${expected}`);
            got.push(
              `${label}: ${res.status}${String(res.status) === expected ? '' : ` ${(await res.text()).slice(0, 200)}`}`,
            );
          }
        }
        expect(got.map((g) => g.split(' ').slice(0, 4).join(' '))).toEqual(want);
      });
    }
  });
}
