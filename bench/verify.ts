/**
 * Credential verifications per second on one core: the full `verifyCredential`
 * (parse, claims, key look-up, Ed25519, expiry) against a warm trust list,
 * for each SignatureVerifier, as a ratio to `openssl speed ed25519` verify/s
 * on the same machine. Target: the Node verifier at ≥ 0.7 of openssl.
 *
 * Run: node --import tsx bench/verify.ts [seconds per verifier, default 3]
 *
 * One core: each verification is awaited before the next starts, so at most
 * one signature check is in flight (WebCrypto runs it on a libuv worker, the
 * main thread waits; the two never overlap).
 */
import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';
import { joseVerifier, webCryptoVerifier, type SignatureVerifier } from '../src/crypto/jws.ts';
import { verifyCredential } from '../src/crypto/verify-credential.ts';
import { nodeVerifier } from '../src/runtime/node-verifier.ts';
import { buildPureFixture } from '../test/support/pure-fixtures.ts';

const SECONDS = Number(process.argv[2] ?? 3);

async function rate(
  verifier: SignatureVerifier,
  token: string,
  list: Parameters<typeof verifyCredential>[1],
  now: number,
): Promise<number> {
  // Warm: builds and caches the keyring for this verifier, imports the key, lets the JIT settle.
  for (let i = 0; i < 500; i++) {
    const r = await verifyCredential(token, list, now, verifier);
    if (!r.valid) throw new Error(`bench credential does not verify: ${r.code} ${r.message}`);
  }
  let n = 0;
  const end = performance.now() + SECONDS * 1000;
  let t = performance.now();
  const start = t;
  while (t < end) {
    for (let i = 0; i < 100; i++) await verifyCredential(token, list, now, verifier);
    n += 100;
    t = performance.now();
  }
  return n / ((t - start) / 1000);
}

function opensslVerifyRate(): { rate: number; line: string } | { error: string } {
  try {
    const out = execFileSync('openssl', ['speed', '-seconds', String(SECONDS), 'ed25519'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // "253 bits EdDSA (Ed25519)   0.0000s   0.0001s  23687.0   9069.0"
    const line = out
      .split('\n')
      .find((l) => /Ed25519\)\s+[\d.]+s\s+[\d.]+s\s+[\d.]+\s+[\d.]+/.test(l));
    if (!line) return { error: 'no Ed25519 line in openssl speed output' };
    const m = /([\d.]+)\s+([\d.]+)\s*$/.exec(line.trim())!;
    return { rate: Number(m[2]), line: line.trim() };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

const fx = await buildPureFixture();
const token = fx.bundle.credential;
const list = fx.trustList;

console.log(
  `verifyCredential, one core, warm trust list, ${SECONDS} s each — ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}`,
);
const rows: [string, number][] = [];
for (const [name, verifier] of [
  ['default (joseVerifier)', joseVerifier()],
  ['webCryptoVerifier()', webCryptoVerifier()],
  ['nodeVerifier()', nodeVerifier()],
] as const) {
  rows.push([name, await rate(verifier, token, list, fx.now)]);
  process.stdout.write(`  ${name} done\n`);
}
process.stdout.write(`  openssl speed -seconds ${SECONDS} ed25519 …\n`);
const ossl = opensslVerifyRate();

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const ratio = (n: number) => ('rate' in ossl ? (n / ossl.rate).toFixed(2) : 'n/a');
const table = [
  ['verifier', 'verify/s', 'ratio to openssl'],
  ...rows.map(([name, r]) => [name, fmt(r), ratio(r)]),
  ['openssl speed ed25519 (raw verify)', 'rate' in ossl ? fmt(ossl.rate) : 'n/a', '1.00'],
];
const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
const line = (row: string[]) =>
  `| ${row.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
console.log();
console.log(line(table[0]!));
console.log(
  `|${widths.map((w, i) => (i === 0 ? `${'-'.repeat(w + 1)}-` : `${'-'.repeat(w + 1)}:`)).join('|')}|`,
);
for (const row of table.slice(1)) console.log(line(row));
if ('error' in ossl) console.log(`\nopenssl: ${ossl.error}`);
else console.log(`\nopenssl: ${ossl.line}`);
const nodeRow = rows.find(([n]) => n.startsWith('nodeVerifier'))!;
if ('rate' in ossl) {
  const r = nodeRow[1] / ossl.rate;
  console.log(
    `nodeVerifier: ${r.toFixed(2)} of openssl — target ≥ 0.70: ${r >= 0.7 ? 'met' : 'NOT met'}`,
  );
}
