import { blindIndex } from '../crypto/keys.ts';
import { validateNationalId } from '../domain/national-id.ts';
import { findMemberByNationalIdIndex } from '../store/queries.ts';
import type { MemberRow } from '../store/rows.ts';
import type { ServiceDeps } from './deps.ts';
import { NATIONAL_ID } from './members.ts';

/**
 * The member with exactly this national ID, found by its keyed HMAC (the
 * blind index stored beside the sealed value at enrolment and import): one
 * indexed look-up, never a scan of decrypted IDs. The caller decides whether
 * the asker may see it.
 * @example const row = await findByNationalId(deps, '11010519491231002X');
 */
export async function findByNationalId(
  deps: ServiceDeps,
  raw: string,
): Promise<MemberRow | undefined> {
  const nationalId = validateNationalId(raw);
  return findMemberByNationalIdIndex(deps.db, await blindIndex(deps.kek, NATIONAL_ID, nationalId));
}
