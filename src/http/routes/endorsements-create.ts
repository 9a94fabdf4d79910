import { createRoute } from '@hono/zod-openapi';
import { verifyCredential } from '../../crypto/verify-credential.ts';
import { endorseSpecOf, KINDS, signerOrgs, type EndorseIntent } from '../../domain/kinds/index.ts';
import { ENDORSE_KINDS, type EndorseKind } from '../../domain/types.ts';
import { InvalidInput, PmcError } from '../../errors.ts';
import { endorse } from '../../service/endorse.ts';
import { loadMember } from '../../service/members.ts';
import { actAs, officerOf } from '../auth.ts';
import type { App, AppEnv } from '../env.ts';
import { AUTHED, problems, z } from '../openapi.ts';
import { MemberId, OrgId } from '../schemas.ts';
import type { Context } from 'hono';

/** Who the endorsement is for, and as whom the officer signs; then the kind's own fields (the registry's intent schema). */
const common = {
  credential: z.string().min(1).max(4096).optional().openapi({
    description:
      'The scanned QR credential (compact JWS). Its `seq`/`hd` must be the member’s current head, else 409.',
  }),
  member: MemberId.optional().openapi({
    description:
      'Back-office use instead of `credential`: the member id, without the stale-QR check',
  }),
  as: OrgId.optional().openapi({
    description: 'The org to sign as (default: your role’s org nearest the member)',
  }),
};

// The fields the service fills in (a transfer letter's 党费已交到) are not the officer's to send.
const officerFields = <K extends EndorseKind>(kind: K) => {
  const spec: { intent: z.ZodObject; filled?: readonly string[] } = KINDS[kind];
  const mask = Object.fromEntries((spec.filled ?? []).map((f) => [f, true]));
  return spec.intent.omit(mask as never) as unknown as (typeof KINDS)[K]['intent'];
};
const bodyOf = <K extends EndorseKind>(kind: K) =>
  officerFields(kind).extend({ kind: z.literal(kind), ...common });
type BodyOf<K extends EndorseKind> = z.output<ReturnType<typeof bodyOf<K>>>;

const [first, ...rest] = ENDORSE_KINDS.map(bodyOf);
const Endorsement = z.discriminatedUnion('kind', [first!, ...rest]).openapi('Endorsement');
type Body = { [K in EndorseKind]: BodyOf<K> }[EndorseKind];

const Endorsed = z
  .object({
    member: z.string(),
    kind: z.string(),
    as: z.string(),
    seq: z.number().int(),
    hash: z.string(),
    jws: z.string().openapi({ description: 'The signed ledger entry (typ pmc-entry+jwt)' }),
    credential: z.string().openapi({ description: 'The new credential: show this QR from now on' }),
    replayed: z.boolean(),
  })
  .openapi('Endorsed');

const route = createRoute({
  method: 'post',
  path: '/api/endorsements',
  tags: ['endorsements'],
  summary: '签注 · Sign an endorsement',
  description:
    'transfer_out 转出签注, arrival 报到签注, transfer_return 退回, temp_out 证明信开具, temp_return 证明信签回, flow_register 流动党员登记/注销, ' +
    'status 党籍状态变更, correction 更正. Send the scanned `credential`: it is verified against the trust list, and when its `seq`/`hd` is ' +
    'not the current head the answer is 409 with the current credential — a stale QR never silently endorses. `Idempotency-Key` makes a retry safe; ' +
    'the same key with another body is refused (422).',
  request: {
    headers: z.object({ 'idempotency-key': z.string().min(1).max(200).optional() }),
    body: { required: true, content: { 'application/json': { schema: Endorsement } } },
  },
  responses: {
    201: {
      description: 'Signed and appended',
      content: { 'application/json': { schema: Endorsed } },
    },
    200: {
      description: 'An idempotent retry: the entry made the first time',
      content: { 'application/json': { schema: Endorsed } },
    },
    ...problems(...AUTHED, 404, 409, 413, 415, 422, 503),
  },
});

/** The intent exactly as the ledger rules take it (only the kind's own fields). */
function intentOf(body: Body): EndorseIntent {
  const { credential: _c, member: _m, as: _a, ...intent } = body;
  return intent as EndorseIntent;
}

/** The scanned credential, verified against the trust list: the member and the head the officer saw. */
async function scanned(c: Context<AppEnv>, credential: string) {
  const { deps, cache } = c.var;
  let r = await verifyCredential(credential, await cache.keyring(), deps.now(), deps.verifier);
  // A key or org made a moment ago may not be in the cached trust list yet: look once more.
  if (!r.valid && (r.code === 'UNKNOWN_KEY' || r.code === 'KEY_NOT_CERTIFIED'))
    r = await verifyCredential(credential, await cache.keyring(true), deps.now(), deps.verifier);
  if (!r.valid)
    throw new PmcError('INVALID_INPUT', `the scanned credential does not verify: ${r.message}`, {
      field: 'credential',
      reason: r.code,
    });
  return { memberId: r.value.sub, expected: { seq: r.value.seq, hd: r.value.hd } };
}

export function register(app: App) {
  app.openapi(route, async (c) => {
    const officer = officerOf(c);
    const body = c.req.valid('json') as Body;
    const key = c.req.valid('header')['idempotency-key'];
    c.var.audit.action = body.kind;
    if ((body.credential === undefined) === (body.member === undefined))
      throw new InvalidInput('credential', 'send either the scanned credential or a member id');
    const { memberId, expected } =
      body.credential !== undefined
        ? await scanned(c, body.credential)
        : { memberId: body.member!, expected: undefined };
    c.var.audit.target = memberId;
    const loaded = await loadMember(c.var.deps, memberId);
    const { state } = loaded;
    c.var.audit.memberOrg = state.org;
    const intent = intentOf(body);
    // The orgs the officer must hold the kind's ability over: those that may sign it (the registry),
    // with those a presented credential admits (a 流动党员's host) only when it was scanned.
    const signers = endorseSpecOf(body.kind).signers(state, intent);
    const targets = signerOrgs(signers, body.credential !== undefined);
    const as = await actAs(c, `endorse:${body.kind}`, targets, body.as);
    const r = await endorse(c.var.deps, {
      memberId,
      intent,
      actor: { org: as, officer: officer.accountId },
      loaded,
      tree: await c.var.cache.tree(),
      ...(expected ? { expected } : {}),
      ...(key !== undefined ? { idempotencyKey: key } : {}),
    });
    c.var.audit.detail = { seq: r.seq, hash: r.hash, ...(r.replayed ? { replayed: true } : {}) };
    const out = {
      member: memberId,
      kind: body.kind,
      as,
      seq: r.seq,
      hash: r.hash,
      jws: r.jws,
      credential: r.credential,
      replayed: r.replayed,
    };
    return r.replayed ? c.json(out, 200) : c.json(out, 201);
  });
}
