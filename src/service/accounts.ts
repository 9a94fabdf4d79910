import { z } from 'zod';
import { randomId } from '../crypto/bytes.ts';
import { Unauthenticated, InvalidInput, NotFound } from '../errors.ts';
import { findAccountByUsername, insertAccount } from '../store/accounts.ts';
import type { AccountRow } from '../store/rows.ts';
import { getMember, getOrg } from '../store/queries.ts';
import { ROLES } from './authorisation.ts';
import type { ServiceDeps } from './deps.ts';
import { isUniqueViolation, parseInput } from './input.ts';
import { DUMMY_HASH, hashPassword, verifyPassword } from './password.ts';
import {
  accountKey,
  addressKey,
  checkLoginAllowed,
  recordLoginFailure,
  recordLoginSuccess,
  type ThrottlePolicy,
} from './throttle.ts';

export const USERNAME = /^[a-z0-9][a-z0-9._@-]{2,63}$/;
export const normaliseUsername = (u: string) => u.trim().toLowerCase();

const username = z
  .string()
  .trim()
  .toLowerCase()
  .regex(USERNAME, 'user names are 3-64 characters a-z 0-9 . _ @ -');
// Length, not composition rules (NIST SP 800-63B §5.1.1.2); 200 caps the KDF input.
const password = z.string().min(10, 'at least 10 characters').max(200);
const displayName = z.string().trim().min(1).max(50);

export const CreateAccountInput = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('officer'),
    username,
    displayName,
    password,
    roles: z
      .array(z.object({ org: z.string().min(1).max(32), role: z.enum(ROLES) }))
      .min(1)
      .max(20),
  }),
  z.object({
    kind: z.literal('member'),
    username,
    displayName: displayName.optional(),
    password,
    member: z.string().min(1).max(32),
  }),
]);
export type CreateAccountInput = z.input<typeof CreateAccountInput>;

/**
 * Creates a login: an officer with roles, or a member tied to their record.
 * @example await createAccount(deps, { kind: 'officer', username: 'li.secretary', displayName: '李书记', password, roles: [{ org: 'b1', role: 'secretary' }] }, 'admin');
 */
export async function createAccount(
  deps: ServiceDeps,
  raw: CreateAccountInput,
  createdBy: string | null,
  /** `mustChangePassword`: the password was generated, so the first login must change it. */
  opts: { mustChangePassword?: boolean } = {},
): Promise<AccountRow> {
  const input = parseInput(CreateAccountInput, raw);
  let memberId: string | null = null;
  let name: string;
  if (input.kind === 'member') {
    const member = await getMember(deps.db, input.member);
    if (!member) throw new NotFound('member', input.member, 'member');
    memberId = member.id;
    name = input.displayName ?? member.name;
  } else {
    for (const [i, r] of input.roles.entries())
      if (!(await getOrg(deps.db, r.org)))
        throw new NotFound('organisation', r.org, `roles.${i}.org`);
    name = input.displayName;
  }
  const account: AccountRow = {
    id: randomId(16),
    username: input.username,
    displayName: name,
    kind: input.kind,
    memberId,
    passwordHash: await hashPassword(deps.kek, input.password),
    disabledAt: null,
    mustChangePassword: opts.mustChangePassword ?? false,
    createdBy,
    createdAt: new Date(deps.now() * 1000),
  };
  try {
    await insertAccount(
      deps.db,
      account,
      input.kind === 'officer' ? input.roles.map((r) => ({ orgId: r.org, role: r.role })) : [],
    );
  } catch (err) {
    if (isUniqueViolation(err))
      throw new InvalidInput('username', `the user name ${input.username} is taken`, {
        cause: err,
      });
    throw err;
  }
  return account;
}

/**
 * Checks a user name and password, under the login rate limits. Refuses
 * before running the KDF when locked, runs it even for unknown names (so
 * timing does not tell which names exist), and says nothing about which of
 * the two was wrong.
 */
export async function checkLogin(
  deps: ServiceDeps,
  creds: { username: string; password: string; address: string },
  policy: ThrottlePolicy,
): Promise<AccountRow> {
  const name = normaliseUsername(creds.username);
  const keys = { account: accountKey(name), address: addressKey(creds.address) };
  await checkLoginAllowed(deps, [keys.account, keys.address]);
  const account = USERNAME.test(name) ? await findAccountByUsername(deps.db, name) : undefined;
  const ok = await verifyPassword(deps.kek, creds.password, account?.passwordHash ?? DUMMY_HASH);
  if (!account || !ok || account.disabledAt) {
    await recordLoginFailure(deps, keys, policy);
    throw new Unauthenticated('BAD_CREDENTIALS', 'user name or password is wrong');
  }
  await recordLoginSuccess(deps, keys.account);
  return account;
}
