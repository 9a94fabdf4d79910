/**
 * flow_register (流动党员登记 / 注销): the member joins the host's activities
 * without a transfer (2006 流动党员活动证 rules). The member's org (or a
 * superior) registers and cancels; the host (or a superior) may register only
 * when the member presents their credential — else any branch could make
 * itself host of a stranger and read their record — and may cancel its own
 * hosting.
 */
import { z } from 'zod';
import { InvalidInput } from '../../errors.ts';
import {
  refuse,
  requireAuthority,
  requireFutureDate,
  requireOneOf,
  requireOrg,
  withoutUndefined,
} from '../decide-checks.ts';
import type { MemberState } from '../ledger-types.ts';
import { isoDate, orgId } from './fields.ts';
import { defineEndorsement, signerOrgs, type Signers } from './spec.ts';

const ACTIONS = ['register', 'cancel'] as const;

const intent = z.strictObject({
  action: z.enum(ACTIONS).default('register'),
  host: orgId,
  until: isoDate.optional(),
});

const signers = (state: MemberState, i: { action: string; host: string }): Signers =>
  i.action === 'cancel'
    ? { orgs: [state.org, i.host] }
    : { orgs: [state.org], withCredential: [i.host] };

export const flowRegister = defineEndorsement({
  kind: 'flow_register',
  intent,
  label: 'kind_flow_register',
  officers: 'clerk',
  signers,
  decide(state, i, ctx) {
    const action = requireOneOf(i.action, ACTIONS, 'dat.action');
    if (typeof i.host !== 'string')
      throw new InvalidInput('dat.host', 'the host is an organisation id');
    const host = action === 'register' ? requireOrg(ctx, i.host, 'dat.host') : i.host;
    // The ledger cannot tell whether a credential was presented, so it accepts either signer.
    requireAuthority(
      ctx,
      signerOrgs(signers(state, { action, host }), true),
      'this 流动党员 registration',
    );
    const registered = state.flows.some((f) => f.host === host);
    if (action === 'cancel') {
      if (!registered)
        refuse('NOT_REGISTERED', `the member is not registered at ${host}`, 'dat.host');
      if (i.until !== undefined)
        throw new InvalidInput('dat.until', 'a cancellation has no end date');
      return { knd: 'flow_register', dat: { action, host } };
    }
    if (host === state.org)
      refuse('SAME_ORG', 'a member is not a 流动党员 at their own organisation', 'dat.host');
    if (registered)
      refuse('ALREADY_REGISTERED', `the member is already registered at ${host}`, 'dat.host');
    const until =
      i.until === undefined ? undefined : requireFutureDate(i.until, 'dat.until', ctx.now);
    return { knd: 'flow_register', dat: withoutUndefined({ action, host, until }) };
  },
  evolve(next, dat, seq) {
    next.flows = next.flows.filter((f) => f.host !== dat.host);
    if (dat.action === 'register') {
      const flow: MemberState['flows'][number] = { host: dat.host, seq };
      if (dat.until !== undefined) flow.until = dat.until;
      next.flows.push(flow);
    }
  },
});
