import type { Context } from 'hono';
import { NotAuthorised, Unauthenticated } from '../errors.ts';
import { actingOrg, mayActOn, type Ability, type Principal } from '../service/authorisation.ts';
import type { AppEnv } from './env.ts';

type Officer = Extract<Principal, { kind: 'officer' }>;

/** The caller, or the reason their credentials were refused (401). */
export function principalOf(c: Context<AppEnv>): Principal {
  const p = c.get('principal');
  if (p) return p;
  throw c.get('authError') ?? new Unauthenticated('NO_CREDENTIALS', 'log in, or send an API token');
}

export function officerOf(c: Context<AppEnv>): Officer {
  const p = principalOf(c);
  if (p.kind !== 'officer') throw new NotAuthorised(`a ${p.kind} cannot do this; an officer can`);
  return p;
}

/** Throws 403 unless the caller holds `ability` over one of `targets` (org ids). */
export async function authorise(
  c: Context<AppEnv>,
  ability: Ability,
  targets: readonly string[],
): Promise<void> {
  const p = principalOf(c);
  const tree = await c.var.cache.tree();
  if (!mayActOn(tree, p, ability, targets))
    throw new NotAuthorised(`not allowed: ${ability} over ${targets.join(', ')}`);
}

/** The org an officer signs as (see actingOrg), or 403. */
export async function actAs(
  c: Context<AppEnv>,
  ability: Ability,
  targets: readonly string[],
  as?: string,
): Promise<string> {
  const p = officerOf(c);
  const org = actingOrg(await c.var.cache.tree(), p, ability, targets, as);
  if (!org) {
    throw new NotAuthorised(
      as === undefined
        ? `no role of yours allows ${ability} here`
        : `you cannot act as ${as} for ${ability} here`,
      as === undefined ? undefined : 'as',
    );
  }
  c.var.audit.org = org;
  return org;
}
