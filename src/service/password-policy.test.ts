import { describe, expect, it } from 'vitest';
import { PmcError } from '../errors.ts';
import { checkPasswordPolicy } from './password-policy.ts';

const reasonOf = (password: string, username = 'li.secretary', displayName?: string) => {
  try {
    checkPasswordPolicy(password, { username, displayName });
    return 'OK';
  } catch (err) {
    expect(err).toBeInstanceOf(PmcError);
    expect((err as PmcError).field).toBe('password');
    return (err as PmcError).reason;
  }
};

describe('checkPasswordPolicy', () => {
  it('refuses what ASVS 2.1 and 800-63B refuse', () => {
    expect(reasonOf('short')).toBe('PASSWORD_TOO_SHORT');
    expect(reasonOf('密码太短了')).toBe('PASSWORD_TOO_SHORT'); // 5 code points
    expect(reasonOf('x'.repeat(201))).toBe('PASSWORD_TOO_LONG');
    expect(reasonOf('li.secretary')).toBe('PASSWORD_HAS_USERNAME');
    expect(reasonOf('LI.SECRETARY!!')).toBe('PASSWORD_HAS_USERNAME');
    expect(reasonOf('the secretary of b1')).toBe('PASSWORD_HAS_USERNAME');
    expect(reasonOf('zhang wei rocks', 'zw', 'Zhang Wei')).toBe('PASSWORD_HAS_USERNAME');
    expect(reasonOf('aaaaaaaaaa')).toBe('PASSWORD_REPETITIVE');
    expect(reasonOf('abababababab')).toBe('PASSWORD_REPETITIVE');
    expect(reasonOf('0987654321')).toBe('PASSWORD_REPETITIVE');
    expect(reasonOf('asdfghjkl')).toBe('PASSWORD_TOO_SHORT');
    expect(reasonOf('abcdefghijkl')).toBe('PASSWORD_REPETITIVE');
    expect(reasonOf('1qaz2wsx3edc')).toBe('PASSWORD_COMMON');
    expect(reasonOf('!!iloveyou!!')).toBe('PASSWORD_COMMON');
    expect(reasonOf('P@ssw0rd2026')).toBe('PASSWORD_COMMON');
  });
  it('accepts long passphrases and random strings, in any script', () => {
    for (const p of [
      'correct horse battery staple',
      'pmcert-demo-2026',
      'k7qmz2xwp9hd4rt',
      '红旗渠精神永放光芒万丈',
      'long enough password',
    ])
      expect(reasonOf(p), p).toBe('OK');
  });
});
