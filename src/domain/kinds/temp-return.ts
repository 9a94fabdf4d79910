/** temp_return (证明信签回): closes the open 证明信, late when signed back after `until`. */
import { z } from 'zod';
import { todayOf } from '../dates.ts';
import { refuse, requireAuthority } from '../decide-checks.ts';
import type { MemberState } from '../ledger-types.ts';
import { defineEndorsement } from './spec.ts';

const signers = (state: MemberState) => ({ orgs: [state.org] });

export const tempReturn = defineEndorsement({
  kind: 'temp_return',
  intent: z.strictObject({}),
  label: 'kind_temp_return',
  officers: 'clerk',
  signers,
  decide(state, _i, ctx) {
    requireAuthority(ctx, signers(state).orgs, 'the return of this member’s 证明信');
    const temp = state.temp;
    if (temp === undefined) return refuse('NO_OPEN_TEMP', 'the member has no 证明信 out');
    return { knd: 'temp_return', dat: { temp: temp.seq, late: todayOf(ctx.now) > temp.until } };
  },
  evolve(next) {
    delete next.temp;
  },
});
