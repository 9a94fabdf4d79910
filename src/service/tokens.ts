import { z } from 'zod';
import { b64u, equalBytes, fromB64u, randomId, sha256 } from '../crypto/bytes.ts';
import { NotFound, Unauthenticated } from '../errors.ts';
import { getOrg } from '../store/queries.ts';
import type { ApiTokenRow } from '../store/rows.ts';
import {
  getApiToken,
  insertApiToken,
  listApiTokens,
  revokeApiToken,
  touchApiToken,
} from '../store/tokens.ts';
import { TOKEN_ABILITIES, type Principal } from './authorisation.ts';
import type { ServiceDeps } from './deps.ts';
import { parseInput, readableText } from './input.ts';

/**
 * API tokens for machine clients: `pmc_<id>_<secret>`, 256 random bits of
 * secret. Only SHA-256(secret) is stored. A fast hash is right here (unlike
 * passwords): the secret is random, not guessable, so there is nothing for a
 * slow KDF to protect, and every API call checks one.
 */
const TOKEN = /^pmc_([0-9a-z]{16})_([A-Za-z0-9_-]{43})$/;

export const CreateTokenInput = z.object({
  org: z.string().min(1).max(32),
  name: z.string().trim().min(1).max(100).superRefine(readableText),
  abilities: z.array(z.enum(TOKEN_ABILITIES)).min(1).max(TOKEN_ABILITIES.length),
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});
export type CreateTokenInput = z.input<typeof CreateTokenInput>;

const secretHash = async (secret: string) => b64u(await sha256(`pmc-token-v1:${secret}`));

/** Makes a token; the returned `token` text is shown once and never again. */
export async function createApiToken(
  deps: ServiceDeps,
  raw: CreateTokenInput,
  createdBy: string,
): Promise<{ row: ApiTokenRow; token: string }> {
  const input = parseInput(CreateTokenInput, raw);
  if (!(await getOrg(deps.db, input.org))) throw new NotFound('organisation', input.org, 'org');
  const id = randomId(16);
  const secret = b64u(crypto.getRandomValues(new Uint8Array(32)));
  const now = deps.now();
  const row: ApiTokenRow = {
    id,
    orgId: input.org,
    name: input.name,
    abilities: [...new Set(input.abilities)],
    secretHash: await secretHash(secret),
    createdBy,
    expiresAt: input.expiresInDays ? new Date((now + input.expiresInDays * 86400) * 1000) : null,
    revokedAt: null,
    lastUsedAt: null,
    createdAt: new Date(now * 1000),
  };
  await insertApiToken(deps.db, row);
  return { row, token: `pmc_${id}_${secret}` };
}

/** The principal behind `Authorization: Bearer pmc_…`, or Unauthenticated. */
export async function resolveApiToken(
  deps: Pick<ServiceDeps, 'db' | 'now'>,
  text: string,
): Promise<Principal> {
  const m = TOKEN.exec(text);
  const row = m ? await getApiToken(deps.db, m[1]!) : undefined;
  if (!m || !row || !equalBytes(fromB64u(row.secretHash), fromB64u(await secretHash(m[2]!)))) {
    throw new Unauthenticated('TOKEN_INVALID', 'the API token is not valid');
  }
  const now = deps.now() * 1000;
  if (row.revokedAt) throw new Unauthenticated('TOKEN_REVOKED', 'the API token was revoked');
  if (row.expiresAt && now >= row.expiresAt.getTime())
    throw new Unauthenticated('TOKEN_EXPIRED', 'the API token has expired');
  if (!row.lastUsedAt || now - row.lastUsedAt.getTime() > 60_000)
    await touchApiToken(deps.db, row.id, new Date(now));
  return {
    kind: 'token',
    tokenId: row.id,
    name: row.name,
    org: row.orgId,
    abilities: row.abilities,
  };
}

export async function revokeToken(deps: ServiceDeps, id: string): Promise<ApiTokenRow> {
  const row = await getApiToken(deps.db, id);
  if (!row) throw new NotFound('token', id, 'id');
  if (!row.revokedAt) await revokeApiToken(deps.db, id, new Date(deps.now() * 1000));
  return row;
}

/** A token as listed: never its secret. */
export const tokenView = (r: ApiTokenRow) => ({
  id: r.id,
  org: r.orgId,
  name: r.name,
  abilities: r.abilities,
  createdBy: r.createdBy,
  createdAt: r.createdAt.toISOString(),
  expiresAt: r.expiresAt?.toISOString() ?? null,
  revokedAt: r.revokedAt?.toISOString() ?? null,
  lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
});

/** The API tokens of `orgIds`, revoked ones included. */
export const listTokens = (
  deps: Pick<ServiceDeps, 'db'>,
  orgIds: string[],
): Promise<ApiTokenRow[]> => listApiTokens(deps.db, orgIds);

/** One API token's row, or undefined. */
export const findToken = (
  deps: Pick<ServiceDeps, 'db'>,
  id: string,
): Promise<ApiTokenRow | undefined> => getApiToken(deps.db, id);
