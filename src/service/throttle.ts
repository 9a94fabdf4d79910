import { RateLimited } from '../errors.ts';
import type { ThrottleRow } from '../store/rows.ts';
import { purgeThrottle, refundAttempts, takeAttempts } from '../store/throttle.ts';
import type { ServiceDeps } from './deps.ts';

/**
 * Login rate limits. Every attempt is counted, atomically and BEFORE the
 * password is checked, against three keys:
 * - the account from this address (`acct:<name>|<address>`): `pairAttempts`
 *   checks, then a progressive delay — each further check waits
 *   `delaySeconds`, doubling up to `maxDelaySeconds`. A success resets it.
 *   Whoever guesses from one address slows only themselves: the owner at
 *   another address is not locked out (no hard lockout anyone can renew).
 * - the account from everywhere (`acct:<name>`): `accountAttempts` failures,
 *   then the same progressive delay for every address — a guesser spread
 *   over many addresses. A success is refunded here (only failures count).
 * - the address (`addr:<address>`): `addressAttempts` attempts of any outcome
 *   within `addressWindowSeconds`, then none until the window ends — one
 *   machine spraying many accounts. A success is refunded here too, so an
 *   office behind one NAT address is not slowed by its own logins.
 * Successful logins are throttled as failed ones are: the attempt is
 * counted before the KDF, so a right password sent while a key rests is
 * refused like a wrong one, and 150 parallel logins cannot slip one in.
 * The counts sit in the database (every process and Worker isolate shares
 * them) and are taken in one transaction that locks the rows, so however
 * many logins arrive at once, at most `pairAttempts` of them for an account
 * from one address (and `addressAttempts` from one address) reach the KDF.
 * A key at rest for `quietSeconds` (or past its address window) starts again.
 */
export interface ThrottlePolicy {
  pairAttempts: number;
  accountAttempts: number;
  delaySeconds: number;
  maxDelaySeconds: number;
  quietSeconds: number;
  addressAttempts: number;
  addressWindowSeconds: number;
  /** Password checks running at once in this process, and waiting for a slot (see kdf-gate.ts). */
  kdfRunning: number;
  kdfWaiting: number;
}

export const DEFAULT_THROTTLE: ThrottlePolicy = {
  pairAttempts: 5,
  accountAttempts: 20,
  delaySeconds: 30,
  maxDelaySeconds: 900,
  quietSeconds: 3600,
  addressAttempts: 20,
  addressWindowSeconds: 600,
  kdfRunning: 4,
  kdfWaiting: 32,
};

export interface LoginKeys {
  pair: string;
  account: string;
  address: string;
}

export const loginKeys = (username: string, address: string): LoginKeys => ({
  pair: `acct:${username}|${address}`,
  account: `acct:${username}`,
  address: `addr:${address}`,
});

type Kind = keyof LoginKeys;

/** What a key's row becomes when one more attempt asks to be let through: pure, so both drivers and every test share it. */
export function admit(
  row: Pick<ThrottleRow, 'failures' | 'windowStart' | 'lockedUntil'> | undefined,
  kind: Kind,
  policy: ThrottlePolicy,
  now: number,
): { admitted: true; row: Omit<ThrottleRow, 'key'> } | { admitted: false; wait: number } {
  const start = row ? row.windowStart.getTime() / 1000 : now;
  const lock = row?.lockedUntil ? row.lockedUntil.getTime() / 1000 : undefined;
  if (lock !== undefined && lock > now) return { admitted: false, wait: Math.ceil(lock - now) };
  const fresh =
    !row ||
    (kind === 'address'
      ? now >= start + policy.addressWindowSeconds
      : now >= Math.max(start, lock ?? start) + policy.quietSeconds);
  const count = (fresh ? 0 : row.failures) + 1;
  const windowStart = fresh ? now : start;
  let until: number | undefined;
  if (kind === 'address') {
    if (count >= policy.addressAttempts) until = windowStart + policy.addressWindowSeconds;
  } else {
    const free = kind === 'pair' ? policy.pairAttempts : policy.accountAttempts;
    if (count >= free)
      until = now + Math.min(policy.maxDelaySeconds, policy.delaySeconds * 2 ** (count - free));
  }
  return {
    admitted: true,
    row: {
      failures: count,
      windowStart: new Date(windowStart * 1000),
      lockedUntil: until === undefined ? null : new Date(until * 1000),
    },
  };
}

/**
 * Counts this attempt against all three keys, or none of them: throws
 * RateLimited (seconds to wait) when any key is resting.
 */
export async function takeLoginAttempt(
  deps: Pick<ServiceDeps, 'db' | 'now'>,
  keys: LoginKeys,
  policy: ThrottlePolicy,
): Promise<void> {
  const now = deps.now();
  const kinds = Object.keys(keys) as Kind[];
  const wait = await takeAttempts(
    deps.db,
    kinds.map((k) => keys[k]),
    (rows) => {
      const decided = kinds.map((k, i) => admit(rows[i], k, policy, now));
      const refused = decided.flatMap((d) => (d.admitted ? [] : [d.wait]));
      if (refused.length) return { wait: Math.max(...refused) };
      return { rows: decided.map((d) => (d.admitted ? d.row : undefined)!) };
    },
  );
  if (wait !== undefined) throw new RateLimited(wait);
}

/**
 * A login that succeeded: the account-from-address count starts again; the
 * account-wide and address counts give the attempt back. Keys at rest longer
 * than any window or delay would start again anyway (`admit`), so they are
 * forgotten here: the table holds what is recent, not every address ever seen.
 */
export async function loginSucceeded(
  deps: Pick<ServiceDeps, 'db' | 'now'>,
  keys: LoginKeys,
  policy: ThrottlePolicy,
) {
  await refundAttempts(deps.db, { clear: [keys.pair], refund: [keys.account, keys.address] });
  await purgeThrottle(deps.db, new Date((deps.now() - restSeconds(policy)) * 1000));
}

/** How long a key must rest before `admit` treats it as never seen. */
export const restSeconds = (p: ThrottlePolicy): number =>
  Math.max(p.quietSeconds + p.maxDelaySeconds, p.addressWindowSeconds);

/** An attempt that never reached the password check (the server was busy): given back everywhere. */
export async function attemptNotMade(deps: Pick<ServiceDeps, 'db'>, keys: LoginKeys) {
  await refundAttempts(deps.db, { clear: [], refund: [keys.pair, keys.account, keys.address] });
}
