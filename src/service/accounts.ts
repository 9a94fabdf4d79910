import { z } from 'zod';
import { randomId } from '../crypto/bytes.ts';
import { Unauthenticated, InvalidInput, NotFound, RateLimited } from '../errors.ts';
import { findAccountByUsername, insertAccount, rolesOf } from '../store/accounts.ts';
import type { AccountRow } from '../store/rows.ts';
import { getMember, getOrg } from '../store/queries.ts';
import { ROLES } from './authorisation.ts';
import type { ServiceDeps } from './deps.ts';
import { isUniqueViolation, parseInput, readableText } from './input.ts';
import { DUMMY_HASH, hashPassword, verifyPassword } from './password.ts';
import { checkPasswordPolicy } from './password-policy.ts';
import { kdfGate } from './kdf-gate.ts';
import {
  attemptNotMade,
  loginKeys,
  loginSucceeded,
  takeLoginAttempt,
  type ThrottlePolicy,
} from './throttle.ts';

export const USERNAME = /^[a-z0-9][a-z0-9._@-]{2,63}$/;
export const normaliseUsername = (u: string) => u.trim().toLowerCase();

const username = z
  .string()
  .trim()
  .toLowerCase()
  .regex(USERNAME, 'user names are 3-64 characters a-z 0-9 . _ @ -');
// The policy (length, the user name, common passwords) is checkPasswordPolicy's; this only bounds the input.
const password = z.string().min(1).max(1000);
const displayName = z.string().trim().min(1).max(50).superRefine(readableText);

/** An officer holds one role per organisation (the strongest one they need): two at one org is an input error, not a taken user name. */
function oneRolePerOrg(roles: { org: string }[], ctx: z.RefinementCtx): void {
  const seen = new Map<string, number>();
  for (const [i, r] of roles.entries()) {
    const first = seen.get(r.org);
    if (first !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: [i, 'org'],
        message: `one role per organisation: roles.${first} already gives a role at ${r.org}`,
      });
    else seen.set(r.org, i);
  }
}

export const CreateAccountInput = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('officer'),
    username,
    displayName,
    password,
    roles: z
      .array(z.object({ org: z.string().min(1).max(32), role: z.enum(ROLES) }))
      .min(1)
      .max(20)
      .superRefine(oneRolePerOrg),
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
  checkPasswordPolicy(input.password, { username: input.username, displayName: input.displayName });
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
 * Checks a user name and password, under the login rate limits: counts the
 * attempt first (refusing, before any KDF, when a key rests), then waits for
 * a KDF slot (refusing when the process has too many queued), runs the KDF
 * even for unknown names (so timing does not tell which names exist), and
 * says nothing about which of the two was wrong.
 */
export async function checkLogin(
  deps: ServiceDeps,
  creds: { username: string; password: string; address: string },
  policy: ThrottlePolicy,
): Promise<AccountRow> {
  const name = normaliseUsername(creds.username);
  const keys = loginKeys(name.slice(0, 64), creds.address);
  await takeLoginAttempt(deps, keys, policy);
  const account = USERNAME.test(name) ? await findAccountByUsername(deps.db, name) : undefined;
  const checked = await kdfGate(policy.kdfRunning, policy.kdfWaiting).run(() =>
    verifyPassword(deps.kek, creds.password, account?.passwordHash ?? DUMMY_HASH),
  );
  if (!checked) {
    await attemptNotMade(deps, keys);
    throw new RateLimited(1, 'the server is checking too many passwords: try again in 1 s', 'BUSY');
  }
  if (!account || !checked.value || account.disabledAt)
    throw new Unauthenticated('BAD_CREDENTIALS', 'user name or password is wrong');
  await loginSucceeded(deps, keys, policy);
  return account;
}

export type { AccountRow };

/** The org a login attempt is audited under, so its committee sees attempts on its people. */
export async function homeOrgOf(
  deps: Pick<ServiceDeps, 'db'>,
  username: string,
): Promise<string | undefined> {
  const account = await findAccountByUsername(deps.db, normaliseUsername(username).slice(0, 64));
  if (!account) return undefined;
  if (account.memberId) return (await getMember(deps.db, account.memberId))?.orgId;
  return (await rolesOf(deps.db, account.id))[0]?.orgId;
}
