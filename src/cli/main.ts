/**
 * `pmcert <command words> [flags]`: finds the command in the index
 * (src/cli/commands/index.ts), loads only its file and runs it with its own
 * strict flags (src/cli/command.ts). Exit codes: 0 ok, 1 verification failed
 * (verify, fsck, audit, witness), 2 bad input or error.
 */
import { CLI_SUMMARIES, CLI_TEXTS } from '../i18n/cli.ts';
import { fill, type Lang } from '../i18n/messages.ts';
import { reportError, runCommand, wrap } from './command.ts';
import { COMMANDS, type CommandEntry } from './commands/index.ts';
import type { CliEnv } from './context.ts';

/** `pmcert --help`: every command with what it does; `pmcert <command> --help` lists its flags. */
export function usage(lang: Lang, entries: readonly CommandEntry[] = COMMANDS): string {
  const width = Math.max(...entries.map((e) => e.name.length));
  return [
    CLI_TEXTS.title![lang],
    '',
    CLI_TEXTS.commands![lang],
    ...entries.flatMap((e) => {
      const lead = `  pmcert ${e.name.padEnd(width)}  `;
      const summary = CLI_SUMMARIES[e.name]?.[lang] ?? '';
      return wrap(summary.split(' '), 80, lead, ' '.repeat(lead.length));
    }),
    '',
    CLI_TEXTS.more![lang],
  ].join('\n');
}

const isHelp = (a: string | undefined) => a === '--help' || a === '-h' || a === 'help';

/** Runs one CLI command; returns the exit code. */
export async function main(argv: string[], cli: CliEnv): Promise<number> {
  const [first, second] = argv;
  // `pmcert help org add` is `pmcert org add --help`.
  if (first === 'help' && second !== undefined) return main([...argv.slice(1), '--help'], cli);
  if (first === undefined || isHelp(first)) {
    (first === undefined ? cli.err : cli.out)(usage(cli.lang));
    return first === undefined ? 2 : 0;
  }
  const two = COMMANDS.find((e) => e.name === `${first} ${second}`);
  const entry = two ?? COMMANDS.find((e) => e.name === first);
  if (entry) return runCommand(await entry.load(), argv.slice(two ? 2 : 1), cli);
  // A group (`pmcert report`): its commands, as help or after an unknown one.
  const group = COMMANDS.filter((e) => e.name.startsWith(`${first} `));
  if (group.length > 0 && (second === undefined || isHelp(second))) {
    (second === undefined ? cli.err : cli.out)(usage(cli.lang, group));
    return second === undefined ? 2 : 0;
  }
  const words = group.length > 0 ? `${first} ${second}` : first;
  reportError(new Error(fill(CLI_TEXTS.unknown_command![cli.lang], { command: words })), cli);
  if (group.length > 0) cli.err(usage(cli.lang, group));
  return 2;
}
