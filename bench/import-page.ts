/**
 * The import page's cost over the import service. Prints, never asserts: for
 * a roster of N members (a city bureau's 4,800 by default), the page's
 * preview (POST /orgs/{id}/import/upload: read, check, hash, seal, render
 * with the file carried back as base64) beside the service's own dry run of
 * the same table, and the page's confirmation (the file re-sent, hash and
 * seal checked, the preview checked again, then the import) beside one
 * `importMembers` of another N members in the same run; the preview page's
 * size; the load average. (The two rosters may share a few national IDs: the
 * rates are per member actually enrolled.) PGlite, and PostgreSQL when DATABASE_URL is set.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:import-page [-- --members 4800]
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { personAt, ROSTER_HEADERS, rosterRow } from '../src/demo/people.ts';
import { parseCsv, toCsv } from '../src/import/table.ts';
import { loadAssetManifestFromDisk } from '../src/runtime/assets-node.ts';
import { importMembers } from '../src/service/import.ts';
import type { Store } from '../src/store/db.ts';
import { seedTree, testClock } from '../test/support/deps.ts';
import { Client, officer, testApp } from '../test/support/http.ts';
import { DRIVERS, openTestStore } from '../test/support/stores.ts';

loadAssetManifestFromDisk(); // the pages link their hashed stylesheets (npm run build:assets)
const { values } = parseArgs({ options: { members: { type: 'string', default: '4800' } } });
const N = Number(values.members);
const TODAY = '2026-12-01';
const ORIGIN = 'https://pmc.example.cn';

const roster = (seed: number) =>
  toCsv(
    ROSTER_HEADERS,
    Array.from({ length: N }, (_, i) => rosterRow(personAt(seed, i, TODAY), ['b1', 'b2'][i % 2]!)),
  );

function post(client: Client, path: string, form: FormData) {
  form.set('_csrf', client.csrf ?? '');
  const headers = { origin: ORIGIN, cookie: client.cookie ?? '', 'x-test-address': client.address };
  return client.app.request(path, { method: 'POST', headers, body: form });
}

const time = async <T>(f: () => Promise<T>): Promise<[T, number]> => {
  const t0 = performance.now();
  const out = await f();
  return [out, performance.now() - t0];
};

async function run(driver: Store['driver']) {
  const store = await openTestStore(driver);
  try {
    const { app, deps } = await testApp(store, {}, { clock: testClock(`${TODAY}T08:00:00Z`) });
    await seedTree(deps);
    await officer(deps, 'bench-sec', [{ org: 'c1', role: 'secretary' }]);
    const client = await Client.login(app, 'bench-sec');
    const a = roster(51);
    const b = roster(52);
    const actor = { org: 'c1', officer: 'bench' };
    // The write floor first: run after the preview it would make the preview stale (seeds may share IDs).
    const [written, write] = await time(() =>
      importMembers(deps, parseCsv(b), actor, { scope: 'c1' }),
    );
    const [, dry] = await time(() =>
      importMembers(deps, parseCsv(a), actor, { scope: 'c1', dryRun: true }),
    );
    const upload = new FormData();
    upload.set('kind', 'members');
    upload.set('file', new File([a], 'roster.csv', { type: 'text/csv' }));
    const [html, preview] = await time(async () => {
      const res = await post(client, '/orgs/c1/import/upload', upload);
      if (res.status !== 200) throw new Error(`preview: ${res.status}`);
      return res.text();
    });
    const confirm = new FormData();
    const form = /<form[^>]*\/import\/confirm"[\s\S]*?<\/form>/.exec(html)![0];
    for (const m of form.matchAll(/<input type="hidden" name="(\w+)" value="([^"]*)"/g))
      if (m[1] !== '_csrf') confirm.set(m[1]!, m[2]!);
    const [result, confirmed] = await time(async () => {
      const res = await post(client, '/orgs/c1/import/confirm', confirm);
      return [res.status, await res.text()] as const;
    });
    const enrolled = Number(/已导入 (\d+) 名党员/.exec(result[1])?.[1]);
    if (result[0] !== 200 || !enrolled) throw new Error(`confirm: ${result[0]}`);
    const ms = (x: number) => `${Math.round(x)} ms`;
    console.log(
      `${driver}: ${N} members, ${(a.length / 2 ** 20).toFixed(2)} MB CSV, preview page ${(html.length / 2 ** 20).toFixed(2)} MB`,
    );
    console.log(
      `  preview  page ${ms(preview)} · service dry run ${ms(dry)} · ratio ${(preview / dry).toFixed(2)}`,
    );
    console.log(
      `  confirm  page ${ms(confirmed)} ${enrolled} enrolled (${Math.round((enrolled * 1000) / confirmed)}/s) · service import ${ms(write)} ${written.created.length} enrolled (${Math.round((written.created.length * 1000) / write)}/s) · ratio per member ${(confirmed / enrolled / (write / written.created.length)).toFixed(2)}`,
    );
  } finally {
    await store.close();
  }
}

for (const driver of DRIVERS) await run(driver);
console.log(
  `load average ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);
