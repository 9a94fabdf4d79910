/**
 * `pmcert endorse <kind>` flags, derived from the registry's intent schemas
 * (src/domain/kinds): a field `validDays` is `--valid-days`, the fields of a
 * nested object (a correction's `amend`) are flags of their own, a number
 * field takes a whole number. A new kind needs nothing here.
 */
import type { z } from 'zod';
import { endorseSpecOf, KINDS, type EndorseIntent } from '../domain/kinds/index.ts';
import { placeholders } from '../domain/kinds/fields.ts';
import type { MemberState } from '../domain/ledger-types.ts';
import type { EndorseKind } from '../domain/types.ts';
import { InvalidInput } from '../errors.ts';

type Flags = Record<string, string | boolean | undefined>;

const flagOf = (field: string) => field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

type Field = { key: string; schema: z.ZodType; optional: boolean };

/** A field with its optional/default wrappers taken off. */
function fieldOf(key: string, schema: z.ZodType): Field {
  let s = schema;
  let optional = false;
  while (s.def.type === 'optional' || s.def.type === 'default') {
    optional = true;
    s = (s.def as unknown as { innerType: z.ZodType }).innerType;
  }
  return { key, schema: s, optional };
}

const fieldsOf = (shape: Record<string, z.ZodType>, filled: readonly string[] = []): Field[] =>
  Object.entries(shape)
    .filter(([k]) => !filled.includes(k))
    .map(([k, s]) => fieldOf(k, s));

/** The fields an officer gives for a kind: its schema's, less those the service fills in. */
const officerFields = (kind: EndorseKind): Field[] => {
  const spec: { intent: z.ZodObject; filled?: readonly string[] } = KINDS[kind];
  return fieldsOf(spec.intent.shape, spec.filled);
};

const nested = (f: Field): Field[] | undefined =>
  f.schema.def.type === 'object' ? fieldsOf((f.schema as z.ZodObject).shape) : undefined;

/** The flags of one kind, with how usage writes their values (`--until YYYY-MM-DD`) and whether they must be given. */
export function endorseFlags(
  kind: EndorseKind,
): { flag: string; hint: string; required: boolean }[] {
  return officerFields(kind).flatMap((f) =>
    (nested(f)?.map((g) => ({ ...g, optional: true })) ?? [f]).map((g) => ({
      flag: flagOf(g.key),
      hint: hintOf(g.schema),
      required: !g.optional,
    })),
  );
}

function valueOf(f: Field, flags: Flags): unknown {
  const inner = nested(f);
  if (inner) {
    const parts = inner.map((g) => [g.key, valueOf(g, flags)]).filter(([, v]) => v !== undefined);
    return parts.length ? Object.fromEntries(parts) : undefined;
  }
  const raw = flags[f.key];
  if (typeof raw !== 'string') return undefined;
  if (f.schema.def.type !== 'number') return raw;
  if (!/^\d+$/.test(raw))
    throw new InvalidInput(flagOf(f.key), `--${flagOf(f.key)} must be a whole number`);
  return Number(raw);
}

/** Builds the officer's intent from command-line flags (camelCase keys: `validDays`); the domain validates the values. */
export function intentFromFlags(kind: EndorseKind, f: Flags): EndorseIntent {
  const schema = KINDS[kind].intent;
  const raw = Object.fromEntries(
    officerFields(kind)
      .map((field) => [field.key, valueOf(field, f)])
      .filter(([, v]) => v !== undefined),
  );
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const flag = flagOf(String(issue.path.at(-1) ?? 'kind'));
    const missing = issue.code === 'invalid_type' && issue.input === undefined;
    throw new InvalidInput(flag, missing ? `--${flag} is required` : `--${flag}: ${issue.message}`);
  }
  return { kind, ...parsed.data } as EndorseIntent;
}

/** The org that signs when `--as` is not given: the first the registry lets sign (no credential is scanned on the CLI). */
export const defaultSigner = (state: MemberState, intent: EndorseIntent): string =>
  endorseSpecOf(intent.kind).signers(state, intent).orgs[0] ?? state.org;

function hintOf(s: z.ZodType): string {
  return (
    placeholders.get(s)?.placeholder ??
    (s.def.type === 'enum'
      ? Object.values((s as z.ZodEnum).enum).join('|')
      : s.def.type === 'number'
        ? 'N'
        : 'TEXT')
  );
}
