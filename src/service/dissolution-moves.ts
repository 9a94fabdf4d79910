import { signEntry } from '../crypto/entry.ts';
import type { Signer } from '../crypto/jws.ts';
import { planDissolution, type DissolutionContext } from '../domain/dissolution.ts';
import { evolve } from '../domain/evolve.ts';
import type { EntryClaims } from '../domain/types.ts';
import { MembersNotMovable } from '../errors.ts';
import { titlesOf } from '../i18n/messages.ts';
import { applyOps, type AppendOp } from '../store/append.ts';
import { incomingMemberIds, memberIdsAt } from '../store/org-changes.ts';
import { credentialFor, headOf } from './credential.ts';
import type { ServiceDeps } from './deps.ts';
import { signerFor } from './keys.ts';
import { loadMember } from './members.ts';

/**
 * Moves every member of a dissolving org to the destination (domain
 * planDissolution: a signed 转出签注 and 报到签注 each), re-issuing each
 * credential with the destination's key, through the ledger's append path
 * (applyOps → appendLeaves: chained, conditional on each head, in the log).
 * `tx` must be one transaction's deps (inTransaction): a member who cannot be
 * moved, or a head that moved meanwhile, throws and the caller's transaction
 * writes nothing. Returns the ids moved.
 */
export async function moveMembersOut(
  tx: ServiceDeps,
  ctx: DissolutionContext,
  officer: string,
): Promise<string[]> {
  const own = [];
  for (const id of await memberIdsAt(tx.db, ctx.org)) own.push(await loadMember(tx, id));
  const incoming = [];
  for (const id of await incomingMemberIds(tx.db, [ctx.org]))
    incoming.push((await loadMember(tx, id)).state);
  const members = own.map(({ row, state }) => ({
    state,
    ...(row.duesThrough ? { due: row.duesThrough } : {}),
  }));
  const plan = planDissolution(members, incoming, ctx);
  if (plan.blocked.length > 0)
    throw new MembersNotMovable(
      plan.blocked.map(({ member, name, reason }) => ({
        member,
        name,
        reason,
        title: titlesOf(
          reason === 'NOT_AUTHORISED' || reason === 'INVALID_INPUT'
            ? { code: reason }
            : { code: 'RULE_VIOLATION', reason },
        ),
      })),
    );

  const signers = new Map<string, Promise<Signer>>();
  const signer = (org: string) => {
    let s = signers.get(org);
    if (!s) signers.set(org, (s = signerFor(tx, org, ctx.now)));
    return s;
  };
  const ops: AppendOp[] = [];
  for (const move of plan.moves) {
    const { row, state } = own.find((m) => m.row.id === move.member)!;
    let s = state;
    for (const { iss, decision } of move.entries) {
      const claims = {
        sub: s.id,
        seq: s.seq + 1,
        prv: s.head,
        knd: decision.knd,
        iss,
        act: officer,
        iat: ctx.now,
        dat: decision.dat,
      } as EntryClaims;
      const by = await signer(iss);
      const entry = await signEntry(claims, by);
      const next = evolve(s, claims, entry.hash);
      ops.push({
        kind: 'append',
        expectedSeq: s.seq,
        entry,
        head: headOf(next, await credentialFor(next, by, ctx.now, row.duesThrough)),
      });
      s = next;
    }
  }
  const outcomes = ops.length > 0 ? await applyOps(tx.db, ops) : [];
  const refused = outcomes.find((o) => o instanceof Error);
  if (refused) throw refused;
  return plan.moves.map((m) => m.member);
}
