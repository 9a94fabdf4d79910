/**
 * correction (更正): allowed at any time, even after 出党 / 去世, since nothing
 * is deleted and mistakes must stay fixable. A note on an entry may be signed
 * by the member's org or by the org that signed the entry (or a superior of
 * either); an `amend`, which rewrites the member's record and re-signs their
 * credential, only by the member's org or above.
 */
import { z } from 'zod';
import { InvalidInput } from '../../errors.ts';
import {
  MAX_REASON,
  refuse,
  requireAuthority,
  requireOneOf,
  requirePastDate,
  requireText,
  withoutUndefined,
} from '../decide-checks.ts';
import type { DecideContext, MemberState } from '../ledger-types.ts';
import { CATEGORIES, PERSONNEL, type EntryBodies } from '../types.ts';
import { isoDate, MAX_NAME, personName, reason } from './fields.ts';
import { defineEndorsement, type Signers } from './spec.ts';

const intent = z.strictObject({
  refers: z.number().int().min(1),
  reason,
  amend: z
    .strictObject({
      name: personName.optional(),
      category: z.enum(CATEGORIES).optional(),
      personnel: z.enum(PERSONNEL).optional(),
      joined: isoDate.optional(),
    })
    .optional(),
});

const signers = (state: MemberState, i: { refers: number; amend?: unknown }): Signers => {
  if (i.amend !== undefined) return { orgs: [state.org] };
  const referred = state.entries.find((e) => e.seq === i.refers);
  return { orgs: referred === undefined ? [state.org] : [state.org, referred.iss] };
};

export const correction = defineEndorsement({
  kind: 'correction',
  intent,
  label: 'kind_correction',
  officers: 'clerk',
  signers,
  decide(state, i, ctx) {
    const { refers } = i;
    if (!Number.isInteger(refers) || refers < 1 || refers > state.seq) {
      refuse(
        'BAD_REFERENCE',
        `a correction must refer to an existing entry 1..${state.seq}`,
        'dat.refers',
      );
    }
    requireAuthority(ctx, signers(state, i).orgs, 'this correction');
    const why = requireText(i.reason, 'dat.reason', MAX_REASON);
    const amend = i.amend === undefined ? undefined : checkAmend(i.amend, ctx);
    return { knd: 'correction', dat: withoutUndefined({ refers, reason: why, amend }) };
  },
  evolve(next, dat) {
    const amend = dat.amend;
    if (amend === undefined) return;
    if (amend.name !== undefined) next.name = amend.name;
    if (amend.personnel !== undefined) next.personnel = amend.personnel;
    if (amend.joined !== undefined) next.joined = amend.joined;
    if (amend.category !== undefined) {
      next.category = amend.category;
      // A 预备党员 has no full-membership date.
      if (amend.category === 'probationary') delete next.fullOn;
    }
  },
});

type Amend = NonNullable<EntryBodies['correction']['amend']>;

function checkAmend(amend: Amend, ctx: DecideContext): Amend {
  if (typeof amend !== 'object' || amend === null)
    throw new InvalidInput('dat.amend', 'an amendment is an object');
  const out = withoutUndefined({
    name:
      amend.name === undefined ? undefined : requireText(amend.name, 'dat.amend.name', MAX_NAME),
    category:
      amend.category === undefined
        ? undefined
        : requireOneOf(amend.category, CATEGORIES, 'dat.amend.category'),
    personnel:
      amend.personnel === undefined
        ? undefined
        : requireOneOf(amend.personnel, PERSONNEL, 'dat.amend.personnel'),
    joined:
      amend.joined === undefined
        ? undefined
        : requirePastDate(amend.joined, 'dat.amend.joined', ctx.now),
  });
  if (Object.keys(out).length === 0) {
    throw new InvalidInput(
      'dat.amend',
      'an amendment changes at least one of name, category, personnel, joined',
    );
  }
  return out;
}
