/**
 * THE REGISTRY of entry kinds: one descriptor each (./spec.ts). `decide`,
 * `evolve`, the HTTP body, the route's targets, the CLI flags, the
 * authorisation matrix's endorse rows and the label keys all derive from it.
 * A new kind: its body in ../types.ts, its descriptor file, its line here,
 * its label in src/i18n/messages.ts — the compiler refuses any one missing.
 */
import type { z } from 'zod';
import type { EndorseKind, EntryKind } from '../types.ts';
import { arrival } from './arrival.ts';
import { correction } from './correction.ts';
import { enroll } from './enroll.ts';
import { flowRegister } from './flow-register.ts';
import type { EndorseSpec, EnrollSpec } from './spec.ts';
import { status } from './status.ts';
import { tempOut } from './temp-out.ts';
import { tempReturn } from './temp-return.ts';
import { transferOut } from './transfer-out.ts';
import { transferReturn } from './transfer-return.ts';

type Registry = { enroll: EnrollSpec<z.ZodObject> } & {
  [K in EndorseKind]: EndorseSpec<K, any>;
};

export const KINDS = {
  enroll,
  transfer_out: transferOut,
  arrival,
  transfer_return: transferReturn,
  temp_out: tempOut,
  temp_return: tempReturn,
  flow_register: flowRegister,
  status,
  correction,
} as const satisfies Registry;

/** The fields an officer gives for each kind (the schema's output); `decide` derives the rest. */
export type IntentFields = { [K in EntryKind]: FieldsOf<z.output<(typeof KINDS)[K]['intent']>> };
// An empty strict object parses to Record<string, never>, which no tagged intent could meet.
type FieldsOf<O> = string extends keyof O ? Record<never, never> : O;

/** What an officer asks for, tagged by `kind`. */
export type Intent = { [K in EntryKind]: { kind: K } & IntentFields[K] }[EntryKind];
/** Any intent but an enrolment: what `endorse` takes. */
export type EndorseIntent = Exclude<Intent, { kind: 'enroll' }>;

/** The descriptor of a later entry's kind, typed loosely enough to call with any of its intents. */
export const endorseSpecOf = (kind: EndorseKind): EndorseSpec<EndorseKind, z.ZodObject> =>
  KINDS[kind] as unknown as EndorseSpec<EndorseKind, z.ZodObject>;

export const isEntryKind = (k: unknown): k is EntryKind =>
  typeof k === 'string' && Object.hasOwn(KINDS, k);

export {
  signerOrgs,
  type EndorseSpec,
  type EnrollSpec,
  type Officers,
  type Signers,
} from './spec.ts';
