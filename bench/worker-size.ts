/**
 * Bundles the Worker exactly as `wrangler deploy` would (`--dry-run
 * --outdir --metafile`: esbuild, nodejs_compat, the [alias] of wrangler.toml)
 * and prints its size, raw and gzipped, with the largest contributors.
 * Cloudflare's limit is on the gzipped script (3 MB free plan, 10 MB paid);
 * our target is < 1 MB, so cold starts stay short.
 *
 *   npm run bench:worker
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const TARGET_GZIP_BYTES = 1024 * 1024;

export interface Metafile {
  inputs: Record<
    string,
    { bytes: number; imports: { path: string; kind: string; external?: boolean }[] }
  >;
  outputs: Record<string, { bytes: number; inputs: Record<string, { bytesInOutput: number }> }>;
}

export interface WorkerBuild {
  bytes: number;
  gzipBytes: number;
  meta: Metafile;
  /** Bytes in the output by source: `src/http`, `node_modules/hono`, … */
  bySource: [string, number][];
}

const sourceOf = (file: string): string => {
  const p = file.replace(/^(\.\.\/)+/, '');
  const nm = p.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const parts = p.slice(nm).split('/');
    return parts.slice(0, parts[1]!.startsWith('@') ? 3 : 2).join('/');
  }
  return p.split('/').slice(0, 2).join('/');
};

/** Runs wrangler's own bundler into a temporary folder and measures the result. */
export async function buildWorker(): Promise<WorkerBuild> {
  const out = mkdtempSync(join(tmpdir(), 'pmc-worker-build-'));
  try {
    await promisify(execFile)(
      process.execPath,
      [
        join(ROOT, 'node_modules/wrangler/bin/wrangler.js'),
        'deploy',
        '--dry-run',
        '--outdir',
        out,
        '--metafile',
        join(out, 'meta.json'),
      ],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          CLOUDFLARE_CF_FETCH_ENABLED: 'false',
          WRANGLER_SEND_METRICS: 'false',
          WRANGLER_HIDE_BANNER: 'true',
          NO_COLOR: '1',
        },
        maxBuffer: 16 << 20,
      },
    );
    const script = readFileSync(join(out, 'worker.js'));
    const meta = JSON.parse(readFileSync(join(out, 'meta.json'), 'utf8')) as Metafile;
    const sizes = new Map<string, number>();
    for (const o of Object.values(meta.outputs)) {
      for (const [file, i] of Object.entries(o.inputs))
        sizes.set(sourceOf(file), (sizes.get(sourceOf(file)) ?? 0) + i.bytesInOutput);
    }
    return {
      bytes: script.length,
      gzipBytes: gzipSync(script).length,
      meta,
      bySource: [...sizes].sort((a, b) => b[1] - a[1]),
    };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

export const kib = (n: number): string => `${(n / 1024).toFixed(1)} KiB`;

export function describeBuild(b: WorkerBuild): string {
  const top = b.bySource.slice(0, 12).map(([s, n]) => `  ${s.padEnd(40)} ${kib(n).padStart(10)}`);
  return [
    `Worker bundle: ${kib(b.bytes)} raw, ${kib(b.gzipBytes)} gzipped (target < ${kib(TARGET_GZIP_BYTES)}: ${((100 * b.gzipBytes) / TARGET_GZIP_BYTES).toFixed(0)}% of it)`,
    'largest parts (raw bytes in the bundle):',
    ...top,
  ].join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const b = await buildWorker();
  console.log(describeBuild(b));
  process.exitCode = b.gzipBytes < TARGET_GZIP_BYTES ? 0 : 1;
}
