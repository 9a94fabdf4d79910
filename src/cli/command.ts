/**
 * One `pmcert` command: its flags (a strict `node:util` parseArgs table), its
 * positional arguments, a zod schema over both, and `run`. The runner parses,
 * refuses an unknown flag or a missing required one naming it, prints `--help`,
 * then hands `run` typed input. Flags are kebab-case on the command line and
 * camelCase in the schema (`--national-id` is `nationalId`), so one schema can
 * serve the CLI and the service. Kept free of services and of zod itself:
 * `pmcert --help` loads this file, not the commands.
 */
import { parseArgs } from 'node:util';
import type { z } from 'zod';
import { InvalidInput, PmcError } from '../errors.ts';
import { CLI_NOTES, CLI_SUMMARIES, CLI_TEXTS, helpFooter } from '../i18n/cli.ts';
import { ERROR_TITLES, fill, LABELS, RULE_TITLES, t, type Lang } from '../i18n/messages.ts';
import type { CliEnv } from './context.ts';

/** A flag: a string or a switch; `hint` is how usage writes its value (`--org ID`). */
export interface Flag {
  type: 'string' | 'boolean';
  hint?: string;
  short?: string;
}

/** A positional argument: the schema's key and how usage writes it (`MID`). */
export interface Arg {
  key: string;
  hint: string;
}

type Shape = z.ZodObject;

export interface Command<S extends Shape = Shape> {
  /** The words that run it: `org add`. */
  name: string;
  flags: Readonly<Record<string, Flag>>;
  args?: readonly Arg[];
  /** Flags (camelCase) and positionals (by key), checked before `run`. */
  input: S;
  run(input: z.output<S>, cli: CliEnv): Promise<number>;
}

/** Types a command file's export: `export const command = defineCommand({ … })`. */
export const defineCommand = <S extends Shape>(c: Command<S>): Command => c as unknown as Command;

export const camelOf = (flag: string): string =>
  flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
export const flagOf = (key: string): string => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** `z.optional(z.enum([…]))` → the enum, for usage hints. */
function unwrap(s: z.ZodType): z.ZodType {
  let x = s;
  while (x.def.type === 'optional' || x.def.type === 'default' || x.def.type === 'nullable')
    x = (x.def as unknown as { innerType: z.ZodType }).innerType;
  return x;
}

const optional = (s: z.ZodType | undefined): boolean => !s || s.safeParse(undefined).success;

function hintOf(name: string, flag: Flag, s: z.ZodType | undefined): string {
  if (flag.hint) return flag.hint;
  const inner = s && unwrap(s);
  if (inner?.def.type === 'enum') return (inner as z.ZodEnum).options.join('|');
  return name.toUpperCase().replaceAll('-', '_');
}

/** `pmcert org add`, `--id ID`, …, `[--data DIR]`: required flags first, as declared. */
function synopsisParts(c: Command): string[] {
  const shape = c.input.shape as Record<string, z.ZodType>;
  const args = (c.args ?? []).map((a) => (optional(shape[a.key]) ? `[${a.hint}]` : a.hint));
  const flags = Object.entries(c.flags).map(([name, flag]) => {
    const s = shape[camelOf(name)];
    const text = flag.type === 'boolean' ? `--${name}` : `--${name} ${hintOf(name, flag, s)}`;
    return { text: optional(s) || flag.type === 'boolean' ? `[${text}]` : text, req: !optional(s) };
  });
  return [
    `pmcert ${c.name}`,
    ...args,
    ...flags.filter((f) => f.req).map((f) => f.text),
    ...flags.filter((f) => !f.req).map((f) => f.text),
  ];
}

/** `pmcert org add --id ID --name NAME … [--data DIR]` on one line. */
export const synopsisOf = (c: Command): string => synopsisParts(c).join(' ');

/** Columns a string takes in a terminal: CJK characters and fullwidth punctuation take two. */
export const widthOf = (text: string): number =>
  [...text].reduce(
    (w, ch) =>
      w +
      (/[\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch)
        ? 2
        : 1),
    0,
  );

/**
 * Words joined into lines of at most `width` columns (an old Windows console
 * has 80), after `indent` on the first line and `more` on the others; a word
 * wider than what is left is cut between characters (Chinese has no spaces).
 */
export function wrap(words: string[], width: number, indent: string, more: string): string[] {
  const lines: string[] = [];
  let line = indent;
  let fresh = true;
  for (let w of words.filter((x) => x !== '')) {
    for (;;) {
      const sep = fresh || /\s$/.test(line) ? '' : ' ';
      if (widthOf(line + sep + w) <= width) {
        line += sep + w;
        fresh = false;
        break;
      }
      if (!fresh && widthOf(more + w) <= width) {
        lines.push(line);
        line = more;
        fresh = true;
        continue;
      }
      let taken = line + sep;
      let cut = 0;
      for (const ch of w) {
        if (widthOf(taken + ch) > width) break;
        taken += ch;
        cut += ch.length;
      }
      if (cut === 0 && fresh) cut = w.length; // nothing fits even alone: keep it whole
      lines.push(cut === 0 ? line : taken);
      w = w.slice(cut);
      line = more;
      fresh = true;
      if (w === '') break;
    }
  }
  if (!fresh) lines.push(line);
  return lines;
}

const WIDTH = 80;
const prose = (text: string): string[] =>
  text.split('\n').flatMap((l) => {
    const indent = /^ */.exec(l)![0];
    return widthOf(l) <= WIDTH ? [l] : wrap(l.split(' '), WIDTH, indent, `${indent}  `);
  });

/** What `pmcert <command> --help` prints: synopsis, what it does, its notes. */
export function usageOf(c: Command, lang: Lang): string {
  const notes = CLI_NOTES[c.name]?.[lang];
  return [
    ...wrap(synopsisParts(c), WIDTH, '', '    '),
    '',
    ...prose(`  ${CLI_SUMMARIES[c.name]?.[lang] ?? ''}`),
    ...(notes
      ? [
          '',
          ...prose(
            notes
              .split('\n')
              .map((l) => `  ${l}`)
              .join('\n'),
          ),
        ]
      : []),
    ...('data' in c.flags ? ['', ...prose(helpFooter(lang))] : []),
  ].join('\n');
}

const HELP = { help: { type: 'boolean', short: 'h' } } as const;

/** The flag a parseArgs error is about (`Unknown option '--foo'` → `--foo`). */
const flagInError = (message: string): string => /'(-[^' ]+)/.exec(message)?.[1] ?? '';

function parseError(c: Command, err: Error & { code?: string }, lang: Lang): InvalidInput {
  const flag = flagInError(err.message);
  const vars = { flag, command: c.name, arg: /'([^']+)'/.exec(err.message)?.[1] ?? '' };
  const key =
    err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION'
      ? 'unknown_flag'
      : err.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL'
        ? 'unexpected_argument'
        : err.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && /does not take/.test(err.message)
          ? 'flag_takes_no_value'
          : err.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE'
            ? 'flag_needs_value'
            : undefined;
  const text = key ? fill(CLI_TEXTS[key]![lang], vars) : err.message;
  const near = key === 'unknown_flag' ? nearestFlag(flag.replace(/^-+/, ''), c) : undefined;
  const hint = near ? fill(CLI_TEXTS.did_you_mean![lang], { flag: `--${near}` }) : '';
  return new InvalidInput(flag.replace(/^-+/, '') || 'command', text + hint);
}

/** The command's flag a misspelt one was meant to be (`--nationalid` → `national-id`), if one is close. */
export function nearestFlag(typed: string, c: Command): string | undefined {
  const bare = (s: string) => s.toLowerCase().replace(/[-_]/g, '');
  let best: { flag: string; d: number } | undefined;
  for (const flag of Object.keys(c.flags)) {
    const d = distance(bare(typed), bare(flag));
    if (d <= Math.max(1, Math.floor(flag.length / 4)) && (!best || d < best.d)) best = { flag, d };
  }
  return best?.flag;
}

/** Levenshtein distance, for short strings. */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++)
      next[j] = Math.min(
        row[j]! + 1,
        next[j - 1]! + 1,
        row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    row = next;
  }
  return row[b.length]!;
}

/** The first zod problem as a message naming the flag (`--org`) or the argument (`MID`). */
function inputError(c: Command, issue: z.core.$ZodIssue, raw: Record<string, unknown>, lang: Lang) {
  const key = String(issue.path[0] ?? 'input');
  const arg = c.args?.find((a) => a.key === key);
  const name = arg ? arg.hint : `--${flagOf(key)}`;
  const field = arg ? key : flagOf(key);
  // A rule across fields (`.refine`: a bundle or --token) names its text in CLI_TEXTS.
  const own = CLI_TEXTS[issue.message];
  if (issue.code === 'custom' && own) return new InvalidInput(field, own[lang]);
  if (raw[key] === undefined)
    return new InvalidInput(field, fill(CLI_TEXTS.required![lang], { name }));
  const values = issue.code === 'invalid_value' ? issue.values.map(String).join(', ') : '';
  return new InvalidInput(
    field,
    values
      ? fill(CLI_TEXTS.one_of![lang], { name, values })
      : `${name}: ${issue.message}${issue.path.length > 1 ? ` (${issue.path.slice(1).join('.')})` : ''}`,
  );
}

/**
 * Parses `argv` (after the command's words) against the command's own table
 * and schema. Returns the typed input, or the exit code when it printed help
 * or refused the input.
 */
export function parseCommand(
  c: Command,
  argv: string[],
  cli: CliEnv,
): { input: Record<string, unknown> } | { code: number } {
  const options = Object.fromEntries(
    Object.entries(c.flags).map(([n, f]) => [
      n,
      f.short ? { type: f.type, short: f.short } : { type: f.type },
    ]),
  );
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: { ...options, ...HELP },
      allowPositionals: (c.args?.length ?? 0) > 0,
      strict: true,
    });
  } catch (err) {
    return refuse(c, parseError(c, err as Error, cli.lang), cli);
  }
  if (parsed.values.help) {
    cli.out(usageOf(c, cli.lang));
    return { code: 0 };
  }
  const args = c.args ?? [];
  if (parsed.positionals.length > args.length) {
    const extra = parsed.positionals[args.length]!;
    return refuse(
      c,
      new InvalidInput(
        'command',
        fill(CLI_TEXTS.unexpected_argument![cli.lang], { arg: extra, command: c.name }),
      ),
      cli,
    );
  }
  const raw: Record<string, unknown> = {};
  for (const [name, v] of Object.entries(parsed.values))
    if (name !== 'help') raw[camelOf(name)] = v;
  args.forEach((a, i) => {
    if (parsed.positionals[i] !== undefined) raw[a.key] = parsed.positionals[i];
  });
  const r = c.input.safeParse(raw);
  if (!r.success) return refuse(c, inputError(c, r.error.issues[0]!, raw, cli.lang), cli);
  return { input: r.data as Record<string, unknown> };
}

function refuse(c: Command, err: InvalidInput, cli: CliEnv): { code: number } {
  reportError(err, cli);
  cli.err(fill(CLI_TEXTS.see_help![cli.lang], { command: c.name }));
  return { code: 2 };
}

/** Runs a command: parse, then `run`; an error is printed (code, field, message) and exits 2. */
export async function runCommand(c: Command, argv: string[], cli: CliEnv): Promise<number> {
  const p = parseCommand(c, argv, cli);
  if ('code' in p) return p.code;
  try {
    return await c.run(p.input, cli);
  } catch (err) {
    reportError(err, cli);
    return 2;
  }
}

/** `错误 [NOT_IN_TRANSIT]（字段 member）：… — message`: the code, the field as the command line spells it, the title. */
export function reportError(err: unknown, cli: CliEnv): void {
  const label = t(LABELS, 'error', cli.lang);
  if (err instanceof PmcError) {
    const title = err.reason
      ? t(RULE_TITLES, err.reason, cli.lang)
      : t(ERROR_TITLES, err.code, cli.lang);
    // The field as the command line spells it: nationalId → national-id.
    const flag = err.field?.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
    const field = flag ? ` (${t(LABELS, 'field', cli.lang)} ${flag})` : '';
    cli.err(`${label} [${err.reason ?? err.code}]${field}: ${title} — ${err.message}`);
  } else {
    cli.err(`${label}: ${err instanceof Error ? err.message : String(err)}`);
  }
}
