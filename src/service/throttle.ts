import { RateLimited } from '../errors.ts';
import { clearThrottle, countFailure, lockUntil, throttleRows } from '../store/throttle.ts';
import type { ServiceDeps } from './deps.ts';

/**
 * Login rate limits, per account and per client address. Per account: after
 * `accountFailures` consecutive failures the account is locked for
 * `accountLockSeconds`, doubling with every further failure up to
 * `accountMaxLockSeconds` (a guesser gets a handful of tries an hour, the
 * owner who mistyped waits half a minute). Per address: `addressFailures`
 * failures within `addressWindowSeconds` lock that address until the window
 * ends (one machine spraying many accounts).
 */
export interface ThrottlePolicy {
  accountFailures: number;
  accountLockSeconds: number;
  accountMaxLockSeconds: number;
  accountWindowSeconds: number;
  addressFailures: number;
  addressWindowSeconds: number;
}

export const DEFAULT_THROTTLE: ThrottlePolicy = {
  accountFailures: 5,
  accountLockSeconds: 30,
  accountMaxLockSeconds: 900,
  accountWindowSeconds: 3600,
  addressFailures: 20,
  addressWindowSeconds: 600,
};

export const accountKey = (username: string) => `acct:${username}`;
export const addressKey = (address: string) => `addr:${address}`;

const at = (s: number) => new Date(s * 1000);

/** Throws RateLimited (with seconds to wait) when any of the keys is locked now. */
export async function checkLoginAllowed(
  deps: Pick<ServiceDeps, 'db' | 'now'>,
  keys: string[],
): Promise<void> {
  const now = deps.now();
  const waits = (await throttleRows(deps.db, keys)).map((r) =>
    r.lockedUntil ? Math.ceil(r.lockedUntil.getTime() / 1000 - now) : 0,
  );
  const wait = Math.max(0, ...waits);
  if (wait > 0) throw new RateLimited(wait);
}

/** Counts a failed login against the account and the address, locking either when it reaches its limit. */
export async function recordLoginFailure(
  deps: Pick<ServiceDeps, 'db' | 'now'>,
  keys: { account: string; address: string },
  policy: ThrottlePolicy,
): Promise<void> {
  const now = deps.now();
  const acct = await countFailure(
    deps.db,
    keys.account,
    at(now),
    at(now - policy.accountWindowSeconds),
  );
  if (acct.failures >= policy.accountFailures) {
    const lock = Math.min(
      policy.accountMaxLockSeconds,
      policy.accountLockSeconds * 2 ** (acct.failures - policy.accountFailures),
    );
    await lockUntil(deps.db, keys.account, at(now + lock));
  }
  const addr = await countFailure(
    deps.db,
    keys.address,
    at(now),
    at(now - policy.addressWindowSeconds),
  );
  if (addr.failures >= policy.addressFailures) {
    await lockUntil(
      deps.db,
      keys.address,
      at(Math.floor(addr.windowStart.getTime() / 1000) + policy.addressWindowSeconds),
    );
  }
}

/** A successful login clears the account's count (not the address's: a sprayer who guesses one account stays slowed). */
export async function recordLoginSuccess(
  deps: Pick<ServiceDeps, 'db'>,
  account: string,
): Promise<void> {
  await clearThrottle(deps.db, account);
}
