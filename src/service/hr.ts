import { z } from 'zod';
import { randomId } from '../crypto/bytes.ts';
import { blindIndex } from '../crypto/keys.ts';
import { isIsoDate } from '../domain/dates.ts';
import { displayMask, maskNationalId, validateNationalId } from '../domain/national-id.ts';
import { NotAuthorised, NotFound } from '../errors.ts';
import { insertHrMove } from '../store/hr.ts';
import { findMemberByNationalIdIndex, getOrg } from '../store/queries.ts';
import type { ServiceDeps } from './deps.ts';
import { parseInput, readableText } from './input.ts';

/**
 * A personnel move from the HR system. Units are named by the id of their
 * Party organisation (the HR system keeps that mapping). The national ID is
 * kept only as its blind index and masked form, like a member's.
 */
export const HrMoveInput = z.object({
  nationalId: z.string().trim().min(15).max(18),
  name: z.string().trim().min(1).max(50).superRefine(readableText).optional(),
  from: z.string().min(1).max(32),
  to: z.string().min(1).max(32),
  date: z.string().refine(isIsoDate, 'must be a real date, YYYY-MM-DD'),
  reference: z.string().trim().min(1).max(100).superRefine(readableText).optional(),
});
export type HrMoveInput = z.input<typeof HrMoveInput>;

// Same purpose label as members.ts uses, so a move finds the member by the same index.
const NATIONAL_ID = 'national-id';

/**
 * Records the move; the same (token, reference) again returns the first record.
 * When the person is a member, `mayReach(memberOrg)` must allow the member's
 * org (the caller's scope): a move naming someone else's member is refused
 * before anything is stored, so no alert names them anywhere.
 */
export async function recordHrMove(
  deps: ServiceDeps,
  raw: HrMoveInput,
  tokenId: string,
  mayReach: (memberOrg: string) => boolean | Promise<boolean> = () => true,
) {
  const input = parseInput(HrMoveInput, raw);
  const nationalId = validateNationalId(input.nationalId);
  for (const field of ['from', 'to'] as const)
    if (!(await getOrg(deps.db, input[field])))
      throw new NotFound('organisation', input[field], field);
  const index = await blindIndex(deps.kek, NATIONAL_ID, nationalId);
  const known = await findMemberByNationalIdIndex(deps.db, index);
  if (known && !(await mayReach(known.orgId)))
    throw new NotAuthorised('not allowed: hr:moves for this person', 'nationalId');
  const { row, created } = await insertHrMove(deps.db, {
    id: randomId(16),
    nationalIdIndex: index,
    nationalIdMasked: maskNationalId(nationalId),
    name: input.name ?? null,
    fromOrg: input.from,
    toOrg: input.to,
    movedOn: input.date,
    reference: input.reference ?? null,
    tokenId,
  });
  const member = await findMemberByNationalIdIndex(deps.db, index);
  return {
    created,
    move: {
      id: row.id,
      nationalId: displayMask(row.nationalIdMasked),
      name: row.name,
      from: row.fromOrg,
      to: row.toOrg,
      date: row.movedOn,
      reference: row.reference,
    },
    member: member ? { id: member.id, org: member.orgId, status: member.status } : null,
  };
}
