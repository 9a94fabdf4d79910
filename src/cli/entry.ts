// The process entry of `pmcert`: bin/pmcert.mjs runs this file's build (dist/cli/pmcert.mjs).
// `--help` and `serve` load only what they need: the command table (main.ts) pulls in
// every service, the server the HTTP app.
import { langFrom } from '../i18n/messages.ts';
import type { CliEnv } from './context.ts';

const argv = process.argv.slice(2);
const cli: CliEnv = {
  env: process.env,
  lang: langFrom(process.env),
  out: (s) => process.stdout.write(`${s}\n`),
  err: (s) => process.stderr.write(`${s}\n`),
};
let code: number;
if (argv.length === 1 && (argv[0] === '--help' || argv[0] === '-h')) {
  cli.out((await import('./usage.ts')).USAGE);
  code = 0;
} else if (argv[0] === 'serve') {
  code = await (await import('./serve.ts')).runServe(argv.slice(1), cli);
} else {
  code = await (await import('./main.ts')).main(argv, cli);
}
process.exitCode = code;
