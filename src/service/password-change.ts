import { z } from 'zod';
import { PmcError } from '../errors.ts';
import { getAccount } from '../store/accounts.ts';
import { setPassword } from '../store/account-passwords.ts';
import { checkLogin } from './accounts.ts';
import type { ServiceDeps } from './deps.ts';
import { parseInput } from './input.ts';
import { hashPassword } from './password.ts';
import { checkPasswordPolicy } from './password-policy.ts';
import type { ThrottlePolicy } from './throttle.ts';

export const ChangePasswordInput = z.object({
  current: z.string().min(1).max(200),
  password: z.string().max(1000),
});
export type ChangePasswordInput = z.input<typeof ChangePasswordInput>;

/**
 * Changes a login's own password: the current one is checked under the login
 * rate limits (so this is no side door for guessing), the new one against the
 * password policy, and every other session of the account ends. Clears the
 * must-change flag of a generated password.
 * @example await changePassword(deps, { accountId, sessionId, address }, { current, password }, policy);
 */
export async function changePassword(
  deps: ServiceDeps,
  who: { accountId: string; sessionId?: string | undefined; address: string },
  raw: ChangePasswordInput,
  throttle: ThrottlePolicy,
): Promise<void> {
  const input = parseInput(ChangePasswordInput, raw);
  const account = await getAccount(deps.db, who.accountId);
  if (!account)
    throw new PmcError('UNAUTHENTICATED', 'no such account', { reason: 'SESSION_INVALID' });
  try {
    await checkLogin(
      deps,
      { username: account.username, password: input.current, address: who.address },
      throttle,
    );
  } catch (err) {
    if (err instanceof PmcError && err.code === 'UNAUTHENTICATED')
      throw new PmcError('INVALID_INPUT', 'current: the current password is wrong', {
        field: 'current',
        reason: 'PASSWORD_WRONG',
      });
    throw err;
  }
  checkPasswordPolicy(input.password, {
    username: account.username,
    displayName: account.displayName,
  });
  if (input.password === input.current)
    throw new PmcError(
      'INVALID_INPUT',
      'password: the new password must differ from the current one',
      {
        field: 'password',
        reason: 'PASSWORD_UNCHANGED',
      },
    );
  await setPassword(deps.db, account.id, await hashPassword(deps.kek, input.password), {
    mustChange: false,
    keepSession: who.sessionId,
    at: new Date(deps.now() * 1000),
  });
}
