import { describe, expect, it } from 'vitest';
import { InvalidInput } from '../errors.ts';
import {
  birthDateFromNationalId,
  displayMask,
  maskNationalId,
  nationalIdCheckChar,
  validateNationalId,
} from './national-id.ts';

// Check characters computed by hand from the MOD 11-2 weights (see nationalIdCheckChar);
// 11010519491231002X is the sample printed in GB 11643-1999 itself.
const VALID = [
  '11010519491231002X',
  '44030419900307123X',
  '320106200002290019',
  '310115199912319879',
  '650102198511204562',
];

function failure(s: string): string {
  try {
    validateNationalId(s);
    return 'ok';
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidInput);
    expect((err as InvalidInput).field).toBe('national_id');
    return (err as Error).message;
  }
}

describe('validateNationalId', () => {
  it.each(VALID)('accepts %s', (id) => expect(validateNationalId(id)).toBe(id));

  it('normalises a lowercase x and surrounding spaces', () => {
    expect(validateNationalId('11010519491231002x')).toBe('11010519491231002X');
    expect(validateNationalId(' 44030419900307123x ')).toBe('44030419900307123X');
  });

  it('computes the check character', () => {
    expect(nationalIdCheckChar('11010519491231002')).toBe('X');
    expect(nationalIdCheckChar('65010219851120456')).toBe('2');
  });

  it.each([
    ['wrong checksum', '110105194912310021', /check character is 1, the checksum requires X/],
    ['wrong checksum (X where a digit is due)', '65010219851120456X', /checksum requires 2/],
    ['30 February, checksum right', '110105199902301237', /birth date 19990230 .* not a real date/],
    ['born 1899, checksum right', '110105189912311237', /not a real date between 1900 and 2100/],
    ['17 characters', '11010519491231002', /must have 18 characters, got 17/],
    ['19 characters', '11010519491231002X1', /must have 18 characters, got 19/],
    ['a letter inside', '1101051949A231002X', /first 17 characters .* must be digits/],
    ['a letter as check char', '11010519491231002Y', /last character .* digit or X/],
    ['empty', '', /got 0/],
  ])('refuses %s', (_name, id, message) => expect(failure(id)).toMatch(message));

  it('refuses a non-string with InvalidInput', () => {
    expect(() => validateNationalId(12345 as unknown as string)).toThrow(InvalidInput);
  });
});

describe('birthDateFromNationalId / maskNationalId', () => {
  it('reads the birth date', () => {
    expect(birthDateFromNationalId('11010519491231002X')).toBe('1949-12-31');
    expect(birthDateFromNationalId('320106200002290019')).toBe('2000-02-29');
  });

  it('keeps the first 6 and last 4 characters', () => {
    expect(maskNationalId('11010519491231002X')).toBe('110105************');
    expect(maskNationalId('44030419900307123x')).toBe('440304************');
    expect(displayMask('110105********002X')).toBe('110105************');
  });

  it('refuses to mask a string of the wrong length', () => {
    expect(() => maskNationalId('1101051949')).toThrow(InvalidInput);
  });
});
