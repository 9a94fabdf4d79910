/**
 * What one entry kind is, in one place: the fields an officer gives (a strict
 * zod object, from which the HTTP body and the CLI flags derive), who must
 * sign it, its decider, its evolution and its label. The registry
 * (./index.ts) holds one of these per kind; a kind without one does not compile.
 */
import type { z } from 'zod';
import type { DecideContext, MemberState } from '../ledger-types.ts';
import type { EndorseKind, EntryBodies, EntryClaims } from '../types.ts';

/**
 * Where the signing organisation must sit: at or above one of `orgs`, or, when
 * the member presents their credential (a scanned QR), at or above one of
 * `withCredential` too. The ledger cannot see a presentation, so `decide`
 * accepts both; the HTTP layer, which can, admits `withCredential` only then.
 */
export interface Signers {
  orgs: readonly string[];
  withCredential?: readonly string[];
}

/** Who may sign, beyond the organisation: `clerk` when 党务干事 may (paperwork); else a 支委 decision is needed. */
export type Officers = 'clerk' | 'committee';

interface Common<K extends string, S extends z.ZodObject> {
  kind: K;
  /** The officer's fields (without `kind`), a strict object. */
  intent: S;
  /** The message-catalogue key of the kind's name (src/i18n/messages.ts LABELS). */
  label: `kind_${K}`;
  officers: Officers;
  /** Signed only by the member's own org or one with 审批权 (条例 2019 art. 25). */
  approval?: true;
  /** Fields the service fills in from its records, never taken from the officer (HTTP body, CLI flags). */
  filled?: readonly string[];
}

/** The first entry: no state before it. */
export interface EnrollSpec<S extends z.ZodObject = z.ZodObject> extends Common<'enroll', S> {
  signers(intent: z.output<S>): Signers;
  decide(intent: z.output<S>, ctx: DecideContext): { knd: 'enroll'; dat: EntryBodies['enroll'] };
  /** The state the enrolment starts (without head). */
  start(entry: EntryClaims<'enroll'>): MemberState;
}

/** Every later entry: decided against the state, applied to a copy of it. */
export interface EndorseSpec<
  K extends EndorseKind,
  S extends z.ZodObject = z.ZodObject,
> extends Common<K, S> {
  signers(state: MemberState, intent: z.output<S>): Signers;
  decide(
    state: MemberState,
    intent: z.output<S>,
    ctx: DecideContext,
  ): { knd: K; dat: EntryBodies[K] };
  /** Applies the signed body to `next`, a fresh copy of the state with seq and entries already advanced. */
  evolve(next: MemberState, dat: EntryBodies[K], seq: number): void;
}

/** Ties a kind's functions to its schema's output type: `defineEndorsement({ kind: 'arrival', intent, … })`. */
export const defineEndorsement = <K extends EndorseKind, S extends z.ZodObject>(
  spec: EndorseSpec<K, S>,
): EndorseSpec<K, S> => spec;

export const defineEnroll = <S extends z.ZodObject>(spec: EnrollSpec<S>): EnrollSpec<S> => spec;

/** The orgs a signer may sit at or above, with or without the member's credential. */
export const signerOrgs = (s: Signers, presented: boolean): string[] => [
  ...s.orgs,
  ...(presented ? (s.withCredential ?? []) : []),
];
