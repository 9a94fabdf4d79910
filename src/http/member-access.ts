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
 * or token passes when the member's org or the destination of their open
 * transfer lies in the caller's subtree (`reach: 'full'`).
 *
 * A host org of a 流动党员 (flow_register) is not the member's org: with
 * `{ host: true }` (the record route only) it passes with `reach: 'host'`,
 * and the caller must show no more than hostedView; everywhere else (bundle,
 * QR, national ID, the record page) hosting grants nothing (issue 9 item 1).
 */
export async function memberFor(
  c: Context<AppEnv>,
  id: string,
  ability: Ability,
  opts: { host?: boolean } = {},
) {
  const p = principalOf(c);
  c.var.audit.target = id;
  if (p.kind === 'member' && p.memberId !== id)
    throw new NotAuthorised('members see only their own record');
  const loaded = await loadMember(c.var.deps, id);
  c.var.audit.org = loaded.row.orgId;
  if (p.kind === 'member') return { ...loaded, reach: 'full' as const };
  const { state } = loaded;
  const tree = await c.var.cache.tree();
  const own = [state.org, ...(state.transfer ? [state.transfer.to] : [])];
  if (mayActOn(tree, p, ability, own)) return { ...loaded, reach: 'full' as const };
  const hosts = state.flows.map((f) => f.host).filter((h) => mayActOn(tree, p, ability, [h]));
  if (opts.host === true && ability === 'member:read' && hosts.length > 0)
    return { ...loaded, reach: 'host' as const, hosts };
  throw new NotAuthorised(
    hosts.length > 0
      ? `a host org sees only what hosting needs (GET /api/members/${id}), not this (${ability})`
      : `this member is outside your organisations (${ability})`,
  );
}

/**
 * What a host org of a 流动党员 needs to host them: who they are (name,
 * gender, category), their home org and status, and their registrations at
 * the caller's orgs. No birth date, national ID (masked or not), personnel
 * details, credential or ledger history.
 */
export function hostedView(
  loaded: Awaited<ReturnType<typeof loadMember>>,
  hosts: readonly string[],
) {
  const { row, state } = loaded;
  return {
    id: row.id,
    name: row.name,
    gender: row.gender,
    category: row.category,
    org: row.orgId,
    status: row.status,
    flows: state.flows.filter((f) => hosts.includes(f.host)),
    hosted: true as const,
  };
}
