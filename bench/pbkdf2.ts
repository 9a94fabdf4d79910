/**
 * What one password check costs on this machine, alone and under load:
 * `verifyPassword` (HMAC pepper + PBKDF2-SHA-256, 100,000 iterations through
 * WebCrypto, which runs on libuv's thread pool) one at a time, then with
 * N checks in flight at once, through the KdfGate the login uses (4 running)
 * and without it. Prints latency per check (p50/p95) and checks per second;
 * asserts nothing (speed goes in bench/, never in tests).
 *
 * Run: node --import tsx bench/pbkdf2.ts [checks per round, default 64]
 */
import { cpus, loadavg } from 'node:os';
import { importKek, newKekText } from '../src/crypto/keys.ts';
import { KdfGate } from '../src/service/kdf-gate.ts';
import { hashPassword, verifyPassword } from '../src/service/password.ts';

const N = Number(process.argv[2] ?? 64);
const kek = await importKek(newKekText());
const stored = await hashPassword(kek, 'correct horse battery staple');

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;

async function round(label: string, inFlight: number, gate?: KdfGate) {
  const times: number[] = [];
  const start = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < N) {
      next++;
      const t0 = performance.now();
      const check = () => verifyPassword(kek, 'wrong password here', stored);
      if (gate) await gate.run(check);
      else await check();
      times.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  const secs = (performance.now() - start) / 1000;
  console.log(
    `${label.padEnd(34)} p50 ${pct(times, 0.5).toFixed(0).padStart(5)} ms  p95 ${pct(times, 0.95).toFixed(0).padStart(5)} ms  ${(N / secs).toFixed(1).padStart(6)} checks/s`,
  );
}

console.log(
  `PBKDF2-SHA-256 100,000 iterations, ${N} checks per round; ${cpus().length} cores (${cpus()[0]?.model}), load average ${loadavg()[0]!.toFixed(2)}, UV_THREADPOOL_SIZE ${process.env.UV_THREADPOOL_SIZE ?? 4}`,
);
await round('one at a time', 1);
await round('16 in flight, no gate', 16);
await round('150 in flight, no gate', 150);
await round('150 in flight, KdfGate(4 running)', 150, new KdfGate(4, 1000));
