#!/usr/bin/env node
// Runs the TypeScript CLI directly through tsx (no build step).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
const { langFrom } = await import('../src/i18n/messages.ts');
const code = await main(process.argv.slice(2), {
  env: process.env,
  lang: langFrom(process.env),
  out: (s) => process.stdout.write(`${s}\n`),
  err: (s) => process.stderr.write(`${s}\n`),
});
process.exitCode = code;
