/**
 * Resident identity numbers (公民身份号码), GB 11643-1999: 6-digit address
 * code, 8-digit birth date, 3-digit sequence, 1 check character computed with
 * ISO 7064 MOD 11-2.
 */
import { InvalidInput } from '../errors.ts';
import { isRealDate } from './dates.ts';
import type { IsoDate } from './types.ts';

const FIELD = 'national_id';
// ISO 7064 MOD 11-2 weights 2^(17-i) mod 11, as tabulated in GB 11643-1999.
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

/** The check character for the first 17 digits: `nationalIdCheckChar('11010519491231002') === 'X'`. */
export function nationalIdCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17))
    throw new InvalidInput(FIELD, 'the first 17 characters must be digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

/**
 * Checks an 18-character ID number and returns it normalised (surrounding
 * spaces dropped, a lowercase `x` made upper):
 * `validateNationalId('11010519491231002x') === '11010519491231002X'`.
 * Throws `InvalidInput('national_id', …)` naming the check that failed.
 */
export function validateNationalId(s: string): string {
  if (typeof s !== 'string')
    throw new InvalidInput(FIELD, 'the national ID number must be a string');
  const id = s.trim().toUpperCase();
  if (id.length !== 18) {
    throw new InvalidInput(
      FIELD,
      `the national ID number must have 18 characters, got ${id.length}`,
    );
  }
  if (!/^\d{17}$/.test(id.slice(0, 17))) {
    throw new InvalidInput(
      FIELD,
      'the first 17 characters of the national ID number must be digits',
    );
  }
  if (!/^[\dX]$/.test(id[17]!)) {
    throw new InvalidInput(
      FIELD,
      'the last character of the national ID number must be a digit or X',
    );
  }
  const [y, m, d] = [Number(id.slice(6, 10)), Number(id.slice(10, 12)), Number(id.slice(12, 14))];
  if (!isRealDate(y, m, d) || y < 1900 || y > 2100) {
    throw new InvalidInput(
      FIELD,
      `the birth date ${id.slice(6, 14)} in the national ID number (positions 7-14) is not a real date between 1900 and 2100`,
    );
  }
  const expected = nationalIdCheckChar(id.slice(0, 17));
  if (id[17] !== expected) {
    throw new InvalidInput(
      FIELD,
      `the national ID number's check character is ${id[17]}, the checksum requires ${expected}`,
    );
  }
  return id;
}

/** The birth date embedded in a valid ID: `birthDateFromNationalId('11010519491231002X') === '1949-12-31'`. */
export function birthDateFromNationalId(s: string): IsoDate {
  const id = validateNationalId(s);
  return `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
}

/**
 * The ID for display to those without `member:national_id`: the region
 * (first 6 digits) only: `maskNationalId('11010519491231002X') ===
 * '110105************'`. The birth date is shown next to it in the same
 * record, so the mask hides more than the birth digits: with the region and
 * the birth date known, the 3 sequence digits and the check character remain
 * (1,000 candidates, and no way to tell which one is right short of an
 * audited reveal). Showing the last four as well (a common mask) would leave
 * only the birth digits hidden, and those are in `birthDate`.
 */
export function maskNationalId(s: string): string {
  const id = s.trim().toUpperCase();
  if (id.length !== 18)
    throw new InvalidInput(FIELD, `cannot mask a national ID number of ${id.length} characters`);
  return displayMask(id);
}

/**
 * The display mask of a stored ID or of a stored mask: rows written before
 * the mask hid the sequence digits (`110105********002X`) are shown masked
 * the same way as new ones.
 */
export function displayMask(stored: string): string {
  return `${stored.slice(0, 6)}${'*'.repeat(12)}`;
}
