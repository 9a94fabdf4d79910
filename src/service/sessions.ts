import { b64u, sha256 } from '../crypto/bytes.ts';
import { Unauthenticated } from '../errors.ts';
import {
  endOldestSessions,
  findSession,
  purgeSessions,
  insertSession,
  revokeSession,
  rolesOf,
  touchSession,
} from '../store/accounts.ts';
import type { AccountRow, RoleRow } from '../store/rows.ts';
import type { Principal } from './authorisation.ts';
import type { ServiceDeps } from './deps.ts';

/**
 * Server-side sessions. The cookie holds 32 random bytes; the table holds
 * their SHA-256, so neither a database read nor a log line gives a usable
 * cookie. A session ends at `ttl` after login (absolute) or after `idle`
 * seconds without a request, or at logout.
 */
export interface SessionPolicy {
  ttlSeconds: number;
  idleSeconds: number;
  /** Live sessions an account may hold; a login beyond ends the least recently used. */
  maxPerAccount: number;
}

export const DEFAULT_SESSION_POLICY: SessionPolicy = {
  ttlSeconds: 8 * 3600,
  idleSeconds: 30 * 60,
  maxPerAccount: 10,
};

/** Touch the session at most this often: a write per request would cost more than the idle precision is worth. */
const TOUCH_EVERY_SECONDS = 60;

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** Memo of the two hashes every request computes from its cookie (pure functions of it; WebCrypto calls cost ~0.1 ms each here). */
const memo = new Map<string, Promise<string>>();
function hashed(text: string): Promise<string> {
  let h = memo.get(text);
  if (!h) {
    if (memo.size >= 10_000) memo.clear();
    h = sha256(text).then(b64u);
    memo.set(text, h);
  }
  return h;
}
const idOf = (token: string) => hashed(`pmc-session-v1:${token}`);

/**
 * The CSRF token that goes with a session: derived from the session token, so
 * nothing more is stored and a page that cannot read the HttpOnly cookie
 * cannot compute it. Sent back in `X-CSRF-Token` on every state change.
 */
export const csrfTokenFor = (sessionToken: string): Promise<string> =>
  hashed(`pmc-csrf-v1:${sessionToken}`);

export async function createSession(
  deps: Pick<ServiceDeps, 'db' | 'now'>,
  account: AccountRow,
  meta: { address?: string | undefined; userAgent?: string | undefined },
  policy: SessionPolicy,
): Promise<{ token: string; id: string; expiresAt: Date }> {
  const token = b64u(crypto.getRandomValues(new Uint8Array(32)));
  const now = deps.now();
  const expiresAt = new Date((now + policy.ttlSeconds) * 1000);
  const id = await idOf(token);
  // Sessions past their end (absolute or idle) go; of the account's live ones, room is made for this one.
  await purgeSessions(deps.db, {
    expiredBefore: new Date(now * 1000),
    idleBefore: new Date((now - policy.idleSeconds) * 1000),
  });
  await endOldestSessions(deps.db, account.id, policy.maxPerAccount - 1, new Date(now * 1000));
  await insertSession(deps.db, {
    id,
    accountId: account.id,
    expiresAt,
    lastSeenAt: new Date(now * 1000),
    address: meta.address ?? null,
    userAgent: meta.userAgent?.slice(0, 300) ?? null,
  });
  return { token, id, expiresAt };
}

/** The principal behind a session cookie, or Unauthenticated saying why not. */
export async function resolveSession(
  deps: Pick<ServiceDeps, 'db' | 'now'>,
  token: string,
  policy: SessionPolicy,
): Promise<{ principal: Principal; expiresAt: Date; mustChangePassword: boolean }> {
  if (!TOKEN.test(token))
    throw new Unauthenticated('SESSION_INVALID', 'the session cookie is not one we issued');
  const id = await idOf(token);
  const found = await findSession(deps.db, id);
  if (!found)
    throw new Unauthenticated('SESSION_INVALID', 'the session cookie is not one we issued');
  const { session, account, roles } = found;
  const now = deps.now();
  if (session.revokedAt) throw new Unauthenticated('SESSION_ENDED', 'this session was logged out');
  if (account.disabledAt) throw new Unauthenticated('ACCOUNT_DISABLED', 'this account is disabled');
  if (now * 1000 >= session.expiresAt.getTime())
    throw new Unauthenticated('SESSION_EXPIRED', 'the session has expired: log in again');
  const idle = now - session.lastSeenAt.getTime() / 1000;
  if (idle >= policy.idleSeconds)
    throw new Unauthenticated(
      'SESSION_EXPIRED',
      'the session expired after inactivity: log in again',
    );
  if (idle >= TOUCH_EVERY_SECONDS) await touchSession(deps.db, id, new Date(now * 1000));
  return {
    principal: principalFrom(account, roles, id),
    expiresAt: session.expiresAt,
    mustChangePassword: account.mustChangePassword,
  };
}

export async function principalOf(
  deps: Pick<ServiceDeps, 'db'>,
  account: AccountRow,
  sessionId: string,
): Promise<Principal> {
  return principalFrom(
    account,
    account.kind === 'officer' ? await rolesOf(deps.db, account.id) : [],
    sessionId,
  );
}

function principalFrom(account: AccountRow, roles: RoleRow[], sessionId: string): Principal {
  const base = {
    accountId: account.id,
    username: account.username,
    displayName: account.displayName,
    sessionId,
  };
  if (account.kind === 'member') return { kind: 'member', ...base, memberId: account.memberId! };
  return { kind: 'officer', ...base, roles: roles.map((r) => ({ org: r.orgId, role: r.role })) };
}

export async function endSession(
  deps: Pick<ServiceDeps, 'db' | 'now'>,
  token: string,
): Promise<void> {
  if (!TOKEN.test(token)) return;
  await revokeSession(deps.db, await idOf(token), new Date(deps.now() * 1000));
}
