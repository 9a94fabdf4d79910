import type { Context } from 'hono';
import { NotAuthorised } from '../errors.ts';
import { mayActOn, type Ability } from '../service/authorisation.ts';
import { loadMember } from '../service/members.ts';
import { principalOf } from './auth.ts';
import type { AppEnv } from './env.ts';

/**
 * Loads a member for a caller allowed `ability` on them, else 403 — before
 * anything about the record leaks. A member passes for their own record only
 * (checked before any lookup, so another id tells them nothing). An officer
 * or token passes when the member's org, the destination of their open
 * transfer, or a host they are registered at lies in the caller's subtree.
 */
export async function memberFor(c: Context<AppEnv>, id: string, ability: Ability) {
  const p = principalOf(c);
  c.var.audit.target = id;
  if (p.kind === 'member' && p.memberId !== id)
    throw new NotAuthorised('members see only their own record');
  const loaded = await loadMember(c.var.deps, id);
  c.var.audit.org = loaded.row.orgId;
  if (p.kind === 'member') return loaded;
  const { state } = loaded;
  const orgs =
    ability === 'member:national_id'
      ? [state.org, ...(state.transfer ? [state.transfer.to] : [])]
      : visibleFrom(state);
  if (!mayActOn(await c.var.cache.tree(), p, ability, orgs))
    throw new NotAuthorised(`this member is outside your organisations (${ability})`);
  return loaded;
}

const visibleFrom = (state: Awaited<ReturnType<typeof loadMember>>['state']): string[] => [
  state.org,
  ...(state.transfer ? [state.transfer.to] : []),
  ...state.flows.map((f) => f.host),
];
