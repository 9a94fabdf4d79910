import { PmcError } from '../errors.ts';

/**
 * The password rules until the full policy (src/service/password-policy.ts,
 * issue 9) is on main: length 10–200 and not containing the user name. Same
 * signature and reasons as that policy, so switching is one import.
 */
export function checkPasswordPolicy(
  password: string,
  context: { username: string; displayName?: string | undefined },
  field = 'password',
): void {
  const refuse = (reason: string, message: string): never => {
    throw new PmcError('INVALID_INPUT', `${field}: ${message}`, { field, reason });
  };
  const length = [...password].length;
  if (length < 10) refuse('PASSWORD_TOO_SHORT', 'at least 10 characters');
  if (length > 200) refuse('PASSWORD_TOO_LONG', 'at most 200 characters');
  const name = context.username.toLowerCase();
  if (name.length >= 4 && password.toLowerCase().includes(name))
    refuse('PASSWORD_HAS_USERNAME', 'must not contain the user name');
}
