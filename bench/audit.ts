/**
 * Audit time for a city (issue 13, "Measured"). Plays the bureau demo (~4,800 members, 3 years)
 * through the real services, files the city's figures for the last full year bottom-up (every
 * org under the city committee `gaj`, children first, each accepted by its parent, then the
 * city), then times what `pmcert report audit --org gaj` does: building the evidence (what
 * `report evidence` downloads) and auditing it offline with only the root key. Prints, never
 * asserts, with two references measured in the same run:
 *   - one `verifyBundle` per member alone (the bundles the evidence carries, verified on their
 *     own): audit / that is the cost of recomputing and of the log checks on top;
 *   - `openssl speed ed25519` verifications/s × the signatures the evidence holds (the floor).
 *
 *   flock /work/team/heavy.lock env DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
 *     npm run bench:audit [-- --scale slice|bureau] [--years 3]
 *
 * On PostgreSQL when DATABASE_URL is set (a fresh database, dropped after), else PGlite.
 */
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { auditFiling } from '../src/crypto/audit-filing.ts';
import { verifyTrustList } from '../src/crypto/trust-list.ts';
import { verifyBundle } from '../src/crypto/verify-bundle.ts';
import { planDemo, type DemoScale } from '../src/demo/bureau.ts';
import type { OrgTree } from '../src/domain/types.ts';
import { runDemoHistory } from '../src/service/demo-history.ts';
import { filingEvidence } from '../src/service/filing-evidence.ts';
import { fileAnnual, filingChildren, reviewFiling } from '../src/service/filings.ts';
import { loadTree } from '../src/store/queries.ts';
import { testClock, testDeps } from '../test/support/deps.ts';
import { openTestStore } from '../test/support/stores.ts';

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: 'bureau' },
    years: { type: 'string', default: '3' },
  },
});
const scale = values.scale as DemoScale;
const CITY = 'gaj';
/** Filed a few days after the cut-off, so the history's last full year is the year before. */
const FILED_AT = '2027-01-06T02:00:00Z';
const YEAR = 2026;
const driver = process.env.DATABASE_URL ? 'postgres' : 'pglite';
const load = () =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');
const seconds = (t0: number) => (performance.now() - t0) / 1000;
console.log(`load average ${load()}; ${driver}; scale ${scale}, ${values.years} years`);

const store = await openTestStore(driver);
try {
  const clock = testClock(FILED_AT);
  const deps = { ...(await testDeps(store, clock)), ledger: undefined };
  let t0 = performance.now();
  const plan = planDemo({ scale, end: deps.now() - 86_400, years: Number(values.years) });
  const demo = await runDemoHistory(deps, plan, (l) => console.log(`  ${l}`));
  console.log(
    `demo: ${demo.members} members, ${demo.entries} entries, ${demo.checkpoints} checkpoints in ${seconds(t0).toFixed(1)} s (${demo.refused.length} refused)`,
  );

  t0 = performance.now();
  const filed = await fileBottomUp(deps, CITY);
  console.log(`filed ${filed} orgs' ${YEAR} figures bottom-up in ${seconds(t0).toFixed(1)} s`);

  t0 = performance.now();
  const text = JSON.stringify(await filingEvidence(deps, CITY, YEAR));
  const download = seconds(t0);
  const evidence = JSON.parse(text) as Awaited<ReturnType<typeof filingEvidence>>;

  t0 = performance.now();
  const report = await auditFiling(evidence, demo.rootJwk, deps.now(), deps.verifier);
  const audit = seconds(t0);
  for (const f of report.findings.slice(0, 5))
    console.log(`  finding ${f.code} ${f.where}: ${f.message}`);

  // Reference 1: each member's bundle verified alone, as `pmcert verify` would.
  const list = await verifyTrustList(evidence.trust, demo.rootJwk, deps.verifier);
  const tree: OrgTree = new Map(list.orgs.map((o) => [o.id, { ...o, parent: o.parent ?? null }]));
  t0 = performance.now();
  for (const m of evidence.members) {
    const r = await verifyBundle(m.bundle, demo.rootJwk, deps.now(), {
      verifier: deps.verifier,
      tree,
      requireLog: true,
    });
    if (!r.valid) throw new Error(`a bundle does not verify alone: ${r.code} ${r.message}`);
  }
  const alone = seconds(t0);

  // Reference 2: the signatures the evidence holds, at openssl's rate.
  const signatures =
    2 + // the trust list and the filing
    evidence.timed.length +
    evidence.members.reduce(
      (n, m) => n + 2 + m.bundle.entries.length + m.bundle.keys.length, // credential, checkpoint
      0,
    );
  const openssl = opensslVerifyRate();

  console.log(
    `evidence of ${CITY} ${YEAR}: ${(text.length / 1e6).toFixed(1)} MB (trust list ${(evidence.trust.length / 1e3).toFixed(0)} kB), ${evidence.members.length} bundles, ${evidence.timed.length} cosigned checkpoints; built in ${download.toFixed(1)} s`,
  );
  console.log(
    `report audit: ${audit.toFixed(1)} s for ${report.members} members, ${report.entries} entries (${report.ok ? 'clean' : `${report.findings.length} findings`})`,
  );
  console.log(
    `reference: verifyBundle per member alone ${alone.toFixed(1)} s → audit / reference = ${(audit / alone).toFixed(2)}`,
  );
  if ('rate' in openssl) {
    const floor = signatures / openssl.rate;
    console.log(
      `reference: ${signatures} signatures at openssl ${Math.round(openssl.rate)} verify/s = ${floor.toFixed(1)} s → audit / floor = ${(audit / floor).toFixed(1)}`,
    );
  } else console.log(`openssl speed unavailable: ${openssl.error}`);
  console.log(`(evidence + audit) ${(download + audit).toFixed(1)} s; load average ${load()}`);
} finally {
  await store.close();
}

/** Files `org` for YEAR after every org filing to it, each accepted by its parent. */
async function fileBottomUp(
  deps: Awaited<ReturnType<typeof testDeps>>,
  org: string,
): Promise<number> {
  const tree = await loadTree(deps.db);
  const cover = { filer: '李四', responsible: '王五', phone: '010-12345678', date: '2027-01-06' };
  // A demo year has no filed year before it, and real transfers in flight: explain what the checks ask.
  const explanations = {
    difference: '演示数据',
    opening: '首次上报',
    change: '演示数据',
    consolidation: '演示数据',
  };
  let n = 0;
  const visit = async (id: string): Promise<void> => {
    for (const c of filingChildren(deps, tree, id, YEAR)) {
      await visit(c.id);
      await reviewFiling(deps, { child: c.id, year: YEAR, action: 'accepted', officer: 'bench' });
    }
    await fileAnnual(deps, { org: id, year: YEAR, officer: 'bench', cover, explanations });
    n++;
  };
  await visit(org);
  return n;
}

function opensslVerifyRate(): { rate: number } | { error: string } {
  try {
    const out = execFileSync('openssl', ['speed', '-seconds', '2', 'ed25519'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // "253 bits EdDSA (Ed25519)   0.0000s   0.0001s  23687.0   9069.0"
    const line = out
      .split('\n')
      .find((l) => /Ed25519\)\s+[\d.]+s\s+[\d.]+s\s+[\d.]+\s+[\d.]+/.test(l));
    if (!line) return { error: 'no Ed25519 line in openssl speed output' };
    return { rate: Number(/([\d.]+)\s*$/.exec(line.trim())![1]) };
  } catch (err) {
    return { error: (err as Error).message };
  }
}
