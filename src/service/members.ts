import { z } from 'zod';
import { randomId } from '../crypto/bytes.ts';
import { signEntry } from '../crypto/entry.ts';
import { blindIndex, open, seal } from '../crypto/keys.ts';
import { fromUtf8, utf8 } from '../crypto/bytes.ts';
import { decide } from '../domain/decide.ts';
import { evolve, replay } from '../domain/ledger.ts';
import type { MemberState } from '../domain/ledger-types.ts';
import {
  birthDateFromNationalId,
  displayMask,
  maskNationalId,
  validateNationalId,
} from '../domain/national-id.ts';
import { isIsoDate } from '../domain/dates.ts';
import {
  CATEGORIES,
  GENDERS,
  PERSONNEL,
  type EntryClaims,
  type NumericDate,
  type OrgTree,
} from '../domain/types.ts';
import { InvalidInput, NotFound, PmcError } from '../errors.ts';
import { findMemberByNationalIdIndex, getMember, listEntries, loadTree } from '../store/queries.ts';
import type { MemberRow } from '../store/rows.ts';
import { credentialFor } from './credential.ts';
import { writerOf } from './writer.ts';
import type { LedgerOp } from '../store/append.ts';
import type { Signer } from '../crypto/jws.ts';
import type { ServiceDeps } from './deps.ts';
import { isUniqueViolation, parseInput, readableText } from './input.ts';
import { signerFor } from './keys.ts';

/** Who acts: the organisation whose key signs, and the officer named in the entry. */
export interface Actor {
  org: string;
  officer: string;
}

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD')
  .refine(isIsoDate, 'must be a real date, YYYY-MM-DD');

/**
 * The one enrolment schema: the HTTP route's body is this plus `as`, the CLI
 * parses its flags into it, and enroll parses it again (the service is the
 * boundary whatever the caller). Strict, so a misspelt field is an error.
 */
export const EnrollInput = z.strictObject({
  org: z.string().min(1).max(32),
  name: z.string().trim().min(1).max(50).superRefine(readableText),
  gender: z.enum(GENDERS),
  ethnicity: z.string().trim().min(1).max(20).superRefine(readableText).optional(),
  birth: isoDate,
  /** GB 11643 is checked by the domain (validateNationalId), which names the failing rule. */
  nationalId: z.string().trim().min(15).max(18),
  joined: isoDate,
  fullOn: isoDate.optional(),
  category: z.enum(CATEGORIES).default('full'),
  personnel: z.enum(PERSONNEL).default('other'),
  cadre: z.boolean().default(false),
});
export type EnrollInput = z.input<typeof EnrollInput>;

/** The blind index's purpose for national IDs (the keyed HMAC stored as members.national_id_index). */
export const NATIONAL_ID = 'national-id';

/**
 * Enrolls a member: checks the national ID (GB 11643) against the birth date,
 * signs the `enroll` entry and the first credential, stores both at once.
 * @example const { id } = await enroll(deps, { org: 'b1', name: '张三', gender: 'M', birth: '1990-01-01', nationalId, joined: '2015-07-01' }, actor);
 */
export async function enroll(
  deps: ServiceDeps,
  raw: EnrollInput,
  actor: Actor,
): Promise<{ id: string; credential: string }> {
  const input = parseInput(EnrollInput, raw);
  const nationalId = validateNationalId(input.nationalId);
  if (birthDateFromNationalId(nationalId) !== input.birth) {
    throw new InvalidInput(
      'birth',
      `birth date ${input.birth} differs from the one in the national ID`,
    );
  }
  const index = await blindIndex(deps.kek, NATIONAL_ID, nationalId);
  const existing = await findMemberByNationalIdIndex(deps.db, index);
  // Said without the member's id or org: an officer anywhere may type any national ID here.
  if (existing) throw alreadyEnrolled();

  const now = deps.now();
  const tree = await loadTree(deps.db);
  const op = await enrollOp(deps, { ...input, nationalId }, index, actor, {
    tree,
    now,
    signerOf: (org) => signerFor(deps, org, now),
  });
  try {
    await writerOf(deps).write(op);
  } catch (err) {
    if (isUniqueViolation(err)) throw alreadyEnrolled(err);
    throw err;
  }
  return { id: op.member.id!, credential: op.member.credential! };
}

/**
 * The enrol write for one checked input, signed and sealed but not yet stored:
 * the `enroll` entry (decided by the ledger rule), the first credential, the
 * national ID sealed under the KEK and its blind index. One per member, or
 * thousands handed to `applyOps` in one transaction (src/service/import.ts).
 */
export async function enrollOp(
  deps: Pick<ServiceDeps, 'kek' | 'rules'>,
  input: z.output<typeof EnrollInput>,
  index: string,
  actor: Actor,
  ctx: { tree: OrgTree; now: NumericDate; signerOf: (org: string) => Promise<Signer> },
): Promise<Extract<LedgerOp, { kind: 'enroll' }>> {
  const { now } = ctx;
  const { org, name, category, personnel, joined, fullOn, nationalId } = input;
  const decision = decide(
    undefined,
    { kind: 'enroll', org, name, category, personnel, joined, ...(fullOn ? { fullOn } : {}) },
    { tree: ctx.tree, rules: deps.rules, now, iss: actor.org },
  );
  const signer = await ctx.signerOf(actor.org);
  const id = randomId(12);
  const claims = {
    sub: id,
    seq: 1,
    knd: decision.knd,
    iss: actor.org,
    act: actor.officer,
    iat: now,
    dat: decision.dat,
  } as EntryClaims;
  const [entry, nationalIdSealed] = await Promise.all([
    signEntry(claims, signer),
    seal(deps.kek.aes, utf8(nationalId), `national-id:${id}`),
  ]);
  const state = evolve(undefined, claims, entry.hash);
  const credential = await credentialFor(state, signer, now);
  return {
    kind: 'enroll',
    member: {
      id,
      name: state.name,
      gender: input.gender,
      ethnicity: input.ethnicity ?? null,
      birthDate: input.birth,
      nationalIdSealed,
      nationalIdIndex: index,
      nationalIdMasked: maskNationalId(nationalId),
      joinedOn: state.joined,
      fullOn: state.fullOn ?? null,
      category: state.category,
      personnel: state.personnel,
      cadre: input.cadre,
      orgId: state.org,
      status: state.status,
      seq: state.seq,
      head: entry.hash,
      credential,
    },
    entry,
  };
}

const alreadyEnrolled = (cause?: unknown) =>
  new PmcError('INVALID_INPUT', 'a member with this national ID is already enrolled', {
    field: 'nationalId',
    reason: 'ALREADY_ENROLLED',
    ...(cause ? { cause } : {}),
  });

export async function loadMember(
  deps: Pick<ServiceDeps, 'db'>,
  id: string,
): Promise<{
  row: MemberRow;
  state: MemberState;
  entries: Awaited<ReturnType<typeof listEntries>>;
}> {
  // The row and its entries as of one moment: an append commits both together, so a row whose
  // seq is not the newest entry's was read before an append the entries already show. Read
  // again (a few appends in a row at most), so a race loser is judged on one state, never on a
  // row from before and entries from after the winner (that gave 422 NOT_IN_TRANSIT, not 409).
  for (let attempt = 0; ; attempt++) {
    const row = await getMember(deps.db, id);
    if (!row) throw new NotFound('member', id, 'member');
    const entries = await listEntries(deps.db, id);
    if (entries.at(-1)?.seq !== row.seq && attempt < 8) continue;
    const state = replay(entries.map((e) => ({ claims: e.claims, hash: e.hash })));
    return { row, state, entries };
  }
}

/** A member's record for display: national ID masked, the ledger decoded. */
export async function showMember(deps: Pick<ServiceDeps, 'db'>, id: string) {
  const { row, state, entries } = await loadMember(deps, id);
  return {
    id: row.id,
    name: row.name,
    gender: row.gender,
    ethnicity: row.ethnicity,
    birthDate: row.birthDate,
    nationalId: displayMask(row.nationalIdMasked),
    joinedOn: row.joinedOn,
    fullOn: row.fullOn,
    category: row.category,
    personnel: row.personnel,
    cadre: row.cadre,
    org: row.orgId,
    status: row.status,
    seq: row.seq,
    head: row.head,
    duesThrough: row.duesThrough,
    transfer: state.transfer ?? null,
    temp: state.temp ?? null,
    flows: state.flows,
    credential: row.credential,
    entries: entries.map((e) => ({
      seq: e.seq,
      kind: e.kind,
      org: e.orgId,
      officer: e.actor,
      at: e.issuedAt.toISOString(),
      dat: e.claims.dat,
      hash: e.hash,
    })),
  };
}

/** The full national ID, for callers allowed to see it (the HTTP layer decides who). */
export async function revealNationalId(deps: ServiceDeps, id: string): Promise<string> {
  const row = await getMember(deps.db, id);
  if (!row) throw new NotFound('member', id, 'member');
  return fromUtf8(await open(deps.kek.aes, row.nationalIdSealed, `national-id:${id}`));
}
