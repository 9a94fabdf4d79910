import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const WRANGLER = join(ROOT, 'node_modules/wrangler/bin/wrangler.js');

export interface WorkerUnderTest {
  url: string;
  /** Everything wrangler/workerd printed so far (for failure messages). */
  log(): string;
  stop(): Promise<void>;
}

/** A free TCP port on 127.0.0.1 (bind to 0, read it, release it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/**
 * Starts the real Worker under workerd with `wrangler dev` (workerd ships in
 * @cloudflare/workerd-linux-64: nothing is downloaded), its Hyperdrive binding
 * pointed at `databaseUrl`, PMC_KEK as a secret from a temporary env file
 * (mode 0600, removed at stop), and /__scheduled enabled for the cron handler.
 * Resolves when the server answers; rejects with wrangler's output when it
 * does not within `timeoutMs`.
 */
export async function startWranglerDev(opts: {
  databaseUrl: string;
  secrets: Record<string, string>;
  timeoutMs?: number;
}): Promise<WorkerUnderTest> {
  const [port, inspector] = [await freePort(), await freePort()];
  const url = `http://127.0.0.1:${port}`;
  const dir = mkdtempSync(join(tmpdir(), 'pmc-wrangler-'));
  const envFile = join(dir, 'secrets.env');
  writeFileSync(
    envFile,
    Object.entries(opts.secrets)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n') + '\n',
    { mode: 0o600 },
  );
  // wrangler insists on a password in a local Hyperdrive connection string; a trust-auth server ignores it.
  const hyperdrive = new URL(opts.databaseUrl);
  if (!hyperdrive.password) hyperdrive.password = 'x';

  let out = '';
  const child: ChildProcess = spawn(
    process.execPath,
    [
      WRANGLER,
      'dev',
      '--ip',
      '127.0.0.1',
      '--port',
      String(port),
      '--inspector-port',
      String(inspector),
      '--env-file',
      envFile,
      '--var',
      `PMC_PUBLIC_URL:${url}`,
      '--test-scheduled',
      '--persist-to',
      join(dir, 'state'),
      '--show-interactive-dev-session=false',
      '--log-level',
      'info',
    ],
    {
      cwd: ROOT,
      // Its own process group: stop() ends wrangler and the workerd it started, nothing else.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_HYPERDRIVE: hyperdrive.toString(),
        CLOUDFLARE_CF_FETCH_ENABLED: 'false',
        WRANGLER_SEND_METRICS: 'false',
        // No banner, so no update check against the registry at each start.
        WRANGLER_HIDE_BANNER: 'true',
        NO_COLOR: '1',
      },
    },
  );
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  let exited: number | null | undefined;
  child.once('exit', (code) => (exited = code));

  const stop = async () => {
    if (exited === undefined && child.pid) {
      const gone = new Promise<void>((r) => child.once('exit', () => r()));
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        /* already gone */
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          /* already gone */
        }
      }, 3000);
      await gone;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  while (Date.now() < deadline) {
    if (exited !== undefined) break;
    if (/Ready on http/.test(out)) {
      try {
        await fetch(`${url}/__pmc-ping`);
        return { url, log: () => out, stop };
      } catch {
        /* not listening yet */
      }
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop();
  throw new Error(
    `workerd did not start (wrangler dev ${exited !== undefined ? `exited with ${exited}` : 'timed out'}); the Workers smoke suite cannot run here.\n--- wrangler output ---\n${out}`,
  );
}
