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
import { ENDORSE_KINDS, type EndorseKind } from '../domain/types.ts';
import { InvalidInput } from '../errors.ts';

type Flags = Record<string, string | boolean | undefined>;

const cliName = (kind: string) => kind.replaceAll('_', '-');
const flagOf = (field: string) => field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** CLI spelling (`transfer-out`) → entry kind (`transfer_out`). */
export const ENDORSE_KINDS_BY_NAME: Readonly<Record<string, EndorseKind>> = Object.fromEntries(
  ENDORSE_KINDS.map((k) => [cliName(k), k]),
);

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

/** Every flag any endorse kind takes (for parseArgs' option table). */
export const ENDORSE_OPTIONS: Record<string, { type: 'string' }> = Object.fromEntries(
  ENDORSE_KINDS.flatMap(officerFields)
    .flatMap((f) => nested(f) ?? [f])
    .map((f) => [flagOf(f.key), { type: 'string' as const }]),
);

function valueOf(f: Field, flags: Flags): unknown {
  const inner = nested(f);
  if (inner) {
    const parts = inner.map((g) => [g.key, valueOf(g, flags)]).filter(([, v]) => v !== undefined);
    return parts.length ? Object.fromEntries(parts) : undefined;
  }
  const raw = flags[flagOf(f.key)];
  if (typeof raw !== 'string') return undefined;
  if (f.schema.def.type !== 'number') return raw;
  if (!/^\d+$/.test(raw))
    throw new InvalidInput(flagOf(f.key), `--${flagOf(f.key)} must be a whole number`);
  return Number(raw);
}

/** Builds the officer's intent from command-line flags; the domain validates the values. */
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

function usageOf(f: Field): string[] {
  const inner = nested(f);
  if (inner) return inner.map((g) => usageOf({ ...g, optional: true })).flat();
  const s = f.schema;
  const hint =
    placeholders.get(s)?.placeholder ??
    (s.def.type === 'enum'
      ? Object.values((s as z.ZodEnum).enum).join('|')
      : s.def.type === 'number'
        ? 'N'
        : 'TEXT');
  const text = `--${flagOf(f.key)} ${hint}`;
  return [f.optional ? `[${text}]` : text];
}

/** One usage line per kind: `pmcert endorse temp-out --member MID --until YYYY-MM-DD [--to TEXT] …`. */
export const endorseUsage = (): string =>
  ENDORSE_KINDS.map((k) =>
    [`  pmcert endorse ${cliName(k)} --member MID`, ...officerFields(k).flatMap(usageOf)].join(' '),
  ).join('\n');
