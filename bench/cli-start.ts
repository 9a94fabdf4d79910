/**
 * CLI start-up benchmark. Prints, never asserts (targets: `--help` < 0.3 s, a
 * PGlite command < 1.5 s, on a quiet machine):
 *  1. `pmcert --help` wall time (the built dist/cli/pmcert.mjs; the first run
 *     rebuilds it when stale, so it is left out);
 *  2. `pmcert org list` on an initialised PGlite data dir, and one command's own
 *     help (`pmcert endorse transfer-out --help`: its file and what it imports);
 *  3. the floor under 2: node starting, importing PGlite and opening that data dir, alone;
 *  4. both commands through tsx (PMC_TSX=1, the way bin/pmcert.mjs ran before).
 * Each figure is the median of N runs; the load average is printed beside them.
 *
 *   npm run bench:cli [-- --runs 7]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '7' } } });
const RUNS = Number(values.runs);
const dir = mkdtempSync(join(tmpdir(), 'pmc-bench-cli-'));
const env: NodeJS.ProcessEnv = { ...process.env, PMC_DATA_DIR: join(dir, 'data'), PMC_LANG: 'en' };
delete env.DATABASE_URL;

function wall(args: string[], extra: Record<string, string> = {}): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { env: { ...env, ...extra }, encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const runs = (f: () => number) => median(Array.from({ length: RUNS }, f));
const s = (ms: number) => `${(ms / 1000).toFixed(3)} s`;

try {
  wall(['bin/pmcert.mjs', 'init', '--root-name', 'bench', '--keys', join(dir, 'keys')]);
  const floor = join(dir, 'floor.mjs');
  writeFileSync(
    floor,
    `const { PGlite } = await import(${JSON.stringify(import.meta.resolve('@electric-sql/pglite'))});\n` +
      `const c = await PGlite.create(${JSON.stringify(join(dir, 'data', 'pglite'))});\n` +
      `await c.query('select 1'); await c.close();\n`,
  );
  const help = runs(() => wall(['bin/pmcert.mjs', '--help']));
  const list = runs(() => wall(['bin/pmcert.mjs', 'org', 'list']));
  const cmdHelp = runs(() => wall(['bin/pmcert.mjs', 'endorse', 'transfer-out', '--help']));
  const pglite = runs(() => wall([floor]));
  const tsxRuns = Math.max(3, Math.floor(RUNS / 2));
  const med = (f: () => number) => median(Array.from({ length: tsxRuns }, f));
  const helpTsx = med(() => wall(['bin/pmcert.mjs', '--help'], { PMC_TSX: '1' }));
  const listTsx = med(() => wall(['bin/pmcert.mjs', 'org', 'list'], { PMC_TSX: '1' }));
  console.log(
    `load average ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}, median of ${RUNS}`,
  );
  console.log(`pmcert --help          ${s(help)}   (target < 0.3 s; through tsx ${s(helpTsx)})`);
  console.log(`pmcert org list, PGlite ${s(list)}   (target < 1.5 s; through tsx ${s(listTsx)})`);
  console.log(`pmcert endorse transfer-out --help ${s(cmdHelp)}   (one command's file loaded)`);
  console.log(`  of which the floor: node + PGlite opening the data dir ${s(pglite)}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
