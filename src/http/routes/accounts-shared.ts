import type { Context } from 'hono';
import { managedAccount, type ManagedAccount } from '../../service/account-admin.ts';
import { ROLES } from '../../service/authorisation.ts';
import type { AccountRow } from '../../service/accounts.ts';
import { officerOf } from '../auth.ts';
import type { AppEnv } from '../env.ts';
import { z } from '../openapi.ts';

export const AccountView = z
  .object({
    id: z.string(),
    username: z.string(),
    displayName: z.string(),
    kind: z.enum(['officer', 'member']),
    member: z.string().nullable(),
    roles: z.array(z.object({ org: z.string(), role: z.enum(ROLES) })),
    disabled: z.boolean(),
    disabledAt: z.string().nullable(),
    mustChangePassword: z.boolean(),
    createdAt: z.string(),
  })
  .openapi('Account');

export const accountView = (
  row: AccountRow,
  roles: { org: string; role: (typeof ROLES)[number] }[],
) => ({
  id: row.id,
  username: row.username,
  displayName: row.displayName,
  kind: row.kind,
  member: row.memberId,
  roles,
  disabled: row.disabledAt !== null,
  disabledAt: row.disabledAt?.toISOString() ?? null,
  mustChangePassword: row.mustChangePassword,
  createdAt: row.createdAt.toISOString(),
});

/** The login the path names, once the officer may manage it (accounts:manage over every org it belongs to); audited under its first org. */
export async function targetAccount(c: Context<AppEnv>, id: string): Promise<ManagedAccount> {
  const officer = officerOf(c);
  c.var.audit.target = id;
  const target = await managedAccount(c.var.deps, await c.var.cache.tree(), officer, id);
  c.var.audit.org = target.orgs[0]!;
  if (target.orgs[1]) c.var.audit.alsoOrgs = target.orgs.slice(1, 4);
  return target;
}
