#!/usr/bin/env node
// Runs the CLI from JavaScript built ahead of time (dist/cli/pmcert.mjs, see
// bin/build-cli.mjs): no TypeScript is transpiled at start. When the build is
// missing or older than a source it was made from, it is rebuilt first (esbuild,
// ~0.3 s); if esbuild cannot run, the sources run through tsx instead.
// PMC_TSX=1 always runs the sources through tsx (development, stack traces in .ts).
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = `${ROOT}dist/cli/pmcert.mjs`;

function fresh() {
  try {
    const built = statSync(OUT).mtimeMs;
    const inputs = JSON.parse(readFileSync(`${ROOT}dist/cli/inputs.json`, 'utf8'));
    return inputs.every((p) => statSync(ROOT + p).mtimeMs <= built);
  } catch {
    return false; // missing build, or a source removed
  }
}

async function viaTsx() {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/entry.ts');
}

if (process.env.PMC_TSX === '1') await viaTsx();
else if (fresh()) await import(OUT);
else {
  let built = false;
  try {
    await (await import('./build-cli.mjs')).buildCli();
    built = true;
  } catch (err) {
    process.stderr.write(
      `pmcert: build failed, running the sources through tsx (${err.message})\n`,
    );
  }
  if (built) await import(OUT);
  else await viaTsx();
}
