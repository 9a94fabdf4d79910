// The process entry of `pmcert`: bin/pmcert.mjs runs this file's build (dist/cli/pmcert.mjs).
// main.ts loads the command index and only the file of the command that runs, so
// `--help` parses a few kilobytes and a command only what it uses.
import { langFrom } from '../i18n/messages.ts';
import type { CliEnv } from './context.ts';
import { main } from './main.ts';

const cli: CliEnv = {
  env: process.env,
  lang: langFrom(process.env),
  out: (s) => process.stdout.write(`${s}\n`),
  err: (s) => process.stderr.write(`${s}\n`),
};
process.exitCode = await main(process.argv.slice(2), cli);
