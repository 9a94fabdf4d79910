import { CREDENTIAL_TTL_SECONDS, issueCredential } from '../crypto/credential.ts';
import type { Signer } from '../crypto/jws.ts';
import type { MemberState } from '../domain/ledger-types.ts';
import type { NumericDate } from '../domain/types.ts';
import type { MemberHeadUpdate } from '../store/append.ts';

/** Signs the credential that describes `state` (whose `head` must be set). */
export function credentialFor(
  state: MemberState,
  signer: Signer,
  now: NumericDate,
  duesThrough?: string | null,
): Promise<string> {
  if (!state.head) throw new Error('credentialFor needs the head hash');
  return issueCredential(
    {
      iss: signer.orgId,
      sub: state.id,
      nam: state.name,
      org: state.org,
      st: state.status,
      seq: state.seq,
      hd: state.head,
      ...(duesThrough ? { due: duesThrough } : {}),
      iat: now,
      exp: now + CREDENTIAL_TTL_SECONDS,
    },
    signer,
  );
}

/** The member row's head after `state`: what an append writes beside its entry. */
export const headOf = (state: MemberState, credential: string): MemberHeadUpdate => ({
  orgId: state.org,
  status: state.status,
  name: state.name,
  category: state.category,
  personnel: state.personnel,
  fullOn: state.fullOn ?? null,
  joinedOn: state.joined,
  credential,
});
