import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import type { PublicJwk } from '../crypto/keys.ts';
import { toPublicJwk } from '../crypto/keys.ts';
import { heldBy, verifyBundle } from '../crypto/verify-bundle.ts';
import { verifyCredential } from '../crypto/verify-credential.ts';
import { verifyTrustList, type TrustList } from '../crypto/trust-list.ts';
import type { SignatureVerifier } from '../crypto/jws.ts';
import { ORG_TYPES, type OrgType } from '../domain/types.ts';
import { InvalidInput, PmcError } from '../errors.ts';
import { ERROR_TITLES, LABELS, RULE_TITLES, t, VERIFY_TITLES } from '../i18n/messages.ts';
import { nodeVerifier } from '../runtime/node-verifier.ts';
import { exportBundle, signedTrustList, trustList } from '../service/bundle.ts';
import { endorse } from '../service/endorse.ts';
import { revokeOrgKey, rotateOrgKey } from '../service/keys.ts';
import { enroll, loadMember, showMember } from '../service/members.ts';
import { addOrg, checkKek, initInstallation } from '../service/orgs.ts';
import { qrText, qrVersion, renderQrPng, renderQrSvg } from '../service/qr.ts';
import { keysOf, loadTree } from '../store/queries.ts';
import { openContext, type CliEnv, type Opened } from './context.ts';
import {
  defaultSigner,
  ENDORSE_KINDS_BY_NAME,
  ENDORSE_OPTIONS,
  intentFromFlags,
} from './endorse-args.ts';
import { USAGE } from './usage.ts';
import { runFsck } from './fsck.ts';
import { runLogWatch } from './log-watch.ts';

const OPTIONS = {
  ...ENDORSE_OPTIONS,
  data: { type: 'string' },
  keys: { type: 'string' },
  'root-id': { type: 'string' },
  'root-name': { type: 'string' },
  id: { type: 'string' },
  name: { type: 'string' },
  type: { type: 'string' },
  parent: { type: 'string' },
  org: { type: 'string' },
  kid: { type: 'string' },
  'national-id': { type: 'string' },
  gender: { type: 'string' },
  birth: { type: 'string' },
  joined: { type: 'string' },
  'full-on': { type: 'string' },
  ethnicity: { type: 'string' },
  category: { type: 'string' },
  personnel: { type: 'string' },
  cadre: { type: 'boolean' },
  member: { type: 'string' },
  to: { type: 'string' },
  at: { type: 'string' },
  reason: { type: 'string' },
  'valid-days': { type: 'string' },
  until: { type: 'string' },
  host: { type: 'string' },
  action: { type: 'string' },
  change: { type: 'string' },
  date: { type: 'string' },
  refers: { type: 'string' },
  as: { type: 'string' },
  officer: { type: 'string' },
  'idempotency-key': { type: 'string' },
  out: { type: 'string' },
  root: { type: 'string' },
  token: { type: 'string' },
  trust: { type: 'string' },
  json: { type: 'boolean' },
  'allow-unlogged': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Flags = ReturnType<typeof parse>['values'];
const parse = (argv: string[]) =>
  parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });

/** Runs one CLI command; returns the exit code (0 ok, 1 verification failed, 2 bad input or error). */
export async function main(argv: string[], cli: CliEnv): Promise<number> {
  if (argv[0] === 'log' && argv[1] === 'watch') return runLogWatch(argv.slice(2), cli); // the witness (src/cli/log-watch.ts)
  if (argv[0] === 'serve') return (await import('./serve.ts')).runServe(argv.slice(1), cli); // pmcert serve [--demo] [--port N]: the HTTP API (src/cli/serve.ts)
  if (argv[0] === 'import') return (await import('./import.ts')).runImport(argv.slice(1), cli); // pmcert import members|orgs FILE (src/cli/import.ts)
  if (argv[0] === 'report') return (await import('./report.ts')).runReport(argv.slice(1), cli); // pmcert report … (src/cli/report.ts)
  if (argv[0] === 'dues') return (await import('./dues.ts')).runDues(argv.slice(1), cli); // pmcert dues template | record (src/cli/dues.ts)
  if (argv[0] === 'backup' || argv[0] === 'restore')
    return (await import('./backup.ts')).runBackup(argv[0], argv.slice(1), cli); // pmcert backup|restore FILE (src/cli/backup.ts)
  if (argv[0] === 'demo') return (await import('./demo.ts')).runDemoCommand(argv.slice(1), cli); // pmcert demo [--full | --scale S] (src/cli/demo.ts)
  if (argv[0] === 'migrate') return (await import('./migrate.ts')).runMigrate(argv.slice(1), cli); // pmcert migrate [--status] (src/cli/migrate.ts)
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (err) {
    cli.err(`${t(LABELS, 'error', cli.lang)}: ${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const {
    values: f,
    positionals: [cmd, sub, ...rest],
  } = parsed;
  if (f.help || !cmd) {
    cli.out(USAGE);
    return cmd || f.help ? 0 : 2;
  }
  let opened: Opened | undefined;
  const open = async (create = false) => {
    opened = await openContext(cli, { data: f.data, create });
    if (!create) await checkKek(opened.deps);
    return opened;
  };
  try {
    switch (cmd) {
      case 'init':
        return await cmdInit(await open(true), f, cli);
      case 'org':
        return await cmdOrg(await open(), sub, f, cli);
      case 'keys':
        return await cmdKeys(await open(), sub, f, cli);
      case 'member':
        return await cmdMember(await open(), sub, rest[0], f, cli);
      case 'endorse':
        return await cmdEndorse(await open(), sub, f, cli);
      case 'qr':
        return await cmdQr(await open(), sub, f, cli);
      case 'export':
        return await cmdExport(await open(), sub, f, cli);
      case 'trust':
        return await cmdTrust(await open(), f, cli);
      case 'verify':
        return await cmdVerify(sub, f, cli, () => open());
      case 'fsck':
        return await runFsck(await open(), cli, f.json === true);
      default:
        throw new InvalidInput('command', `unknown command ${cmd}`);
    }
  } catch (err) {
    reportError(err, cli);
    return 2;
  } finally {
    await opened?.store.close();
  }
}

function reportError(err: unknown, cli: CliEnv): void {
  const label = t(LABELS, 'error', cli.lang);
  if (err instanceof PmcError) {
    const title = err.reason
      ? t(RULE_TITLES, err.reason, cli.lang)
      : t(ERROR_TITLES, err.code, cli.lang);
    // The field as the command line spells it: nationalId → national-id.
    const flag = err.field?.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
    const field = flag ? ` (${t(LABELS, 'field', cli.lang)} ${flag})` : '';
    cli.err(`${label} [${err.reason ?? err.code}]${field}: ${title} — ${err.message}`);
  } else {
    cli.err(`${label}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

const officerOf = (f: Flags, cli: CliEnv): string =>
  f.officer ?? cli.env.PMC_OFFICER ?? `cli:${safeUser()}`;
function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'admin';
  }
}

const need = (v: string | undefined, field: string): string => {
  if (v === undefined || v === '') throw new InvalidInput(field, `--${field} is required`);
  return v;
};

async function cmdInit({ deps }: Opened, f: Flags, cli: CliEnv): Promise<number> {
  const { rootId, rootJwk: jwk } = await initInstallation(deps, {
    id: f['root-id'] ?? 'root',
    name: f['root-name'] ?? '党委组织部',
  });
  const file = resolve(f.keys ?? 'keys', 'root.jwk');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(jwk, null, 2)}\n`);
  cli.out(`root ${rootId} kid ${jwk.kid}\n${t(LABELS, 'wrote', cli.lang)} ${file}`);
  return 0;
}

async function cmdOrg(
  { deps }: Opened,
  sub: string | undefined,
  f: Flags,
  cli: CliEnv,
): Promise<number> {
  if (sub === 'add') {
    const type = need(f.type, 'type');
    if (!(ORG_TYPES as readonly string[]).includes(type))
      throw new InvalidInput('type', `--type must be one of ${ORG_TYPES.slice(1).join(', ')}`);
    const org = await addOrg(deps, {
      id: need(f.id, 'id'),
      name: need(f.name, 'name'),
      type: type as OrgType,
      parent: need(f.parent, 'parent'),
    });
    cli.out(org.id);
    return 0;
  }
  if (sub === 'list') {
    const tree = await loadTree(deps.db);
    const print = (id: string, depth: number) => {
      const o = tree.get(id)!;
      cli.out(`${'  '.repeat(depth)}${o.id}  ${o.name}  (${o.type})`);
      [...tree.values()].filter((c) => c.parent === id).forEach((c) => print(c.id, depth + 1));
    };
    [...tree.values()].filter((o) => o.parent === null).forEach((o) => print(o.id, 0));
    return 0;
  }
  throw new InvalidInput('command', 'org add | org list');
}

async function cmdKeys(
  { deps }: Opened,
  sub: string | undefined,
  f: Flags,
  cli: CliEnv,
): Promise<number> {
  if (sub === 'list') {
    for (const k of await keysOf(deps.db)) {
      cli.out(
        `${k.orgId}\t${k.kid}\t${k.notBefore.toISOString()}\t${k.expiresAt.toISOString()}\t${k.revokedAt ? `revoked ${k.revokedAt.toISOString()}` : ''}`,
      );
    }
    return 0;
  }
  if (sub === 'rotate') {
    const { kid } = await rotateOrgKey(deps, need(f.org, 'org'));
    cli.out(kid);
    return 0;
  }
  if (sub === 'revoke') {
    const at = f.at === undefined ? deps.now() : Date.parse(f.at) / 1000;
    if (!Number.isFinite(at)) throw new InvalidInput('at', '--at must be an ISO date-time');
    await revokeOrgKey(deps, need(f.kid, 'kid'), Math.floor(at), f.reason);
    cli.out(`revoked ${f.kid}`);
    return 0;
  }
  throw new InvalidInput('command', 'keys list | keys rotate | keys revoke');
}

async function cmdMember(
  { deps }: Opened,
  sub: string | undefined,
  id: string | undefined,
  f: Flags,
  cli: CliEnv,
): Promise<number> {
  if (sub === 'enroll') {
    const org = need(f.org, 'org');
    const { id: memberId } = await enroll(
      deps,
      {
        org,
        name: need(f.name, 'name'),
        gender: need(f.gender, 'gender') as 'M',
        birth: need(f.birth, 'birth'),
        nationalId: need(f['national-id'], 'national-id'),
        joined: need(f.joined, 'joined'),
        ...(f['full-on'] ? { fullOn: f['full-on'] } : {}),
        ...(f.ethnicity ? { ethnicity: f.ethnicity } : {}),
        ...(f.category ? { category: f.category as 'full' } : {}),
        ...(f.personnel ? { personnel: f.personnel as 'other' } : {}),
        cadre: f.cadre === true,
      },
      { org: f.as ?? org, officer: officerOf(f, cli) },
    );
    cli.out(memberId);
    return 0;
  }
  if (sub === 'show') {
    const m = await showMember(deps, need(id, 'member'));
    if (f.json) {
      cli.out(JSON.stringify(m, null, 2));
      return 0;
    }
    const L = (k: string) => t(LABELS, k, cli.lang);
    cli.out(
      `${L('member_id')}: ${m.id}\n${L('name')}: ${m.name}\n${L('national_id')}: ${m.nationalId}\n${L('category')}: ${L(`category_${m.category}`)}\n${L('org')}: ${m.org}\n${L('status')}: ${L(`status_${m.status}`)}${m.transfer ? ` → ${m.transfer.to}` : ''}\n${L('entries')}:`,
    );
    for (const e of m.entries)
      cli.out(
        `  #${e.seq} ${e.at.slice(0, 10)} ${L(`kind_${e.kind}`)} ${e.org} ${JSON.stringify(e.dat)}`,
      );
    return 0;
  }
  throw new InvalidInput('command', 'member enroll | member show MID');
}

async function cmdEndorse(
  { deps }: Opened,
  sub: string | undefined,
  f: Flags,
  cli: CliEnv,
): Promise<number> {
  const kind =
    sub !== undefined && Object.hasOwn(ENDORSE_KINDS_BY_NAME, sub)
      ? ENDORSE_KINDS_BY_NAME[sub]
      : undefined;
  if (!kind)
    throw new InvalidInput(
      'kind',
      `endorse takes one of ${Object.keys(ENDORSE_KINDS_BY_NAME).join(', ')}`,
    );
  const memberId = need(f.member, 'member');
  const intent = intentFromFlags(kind, f);
  const { state } = await loadMember(deps, memberId);
  // The org that acts, unless --as says: the first the registry lets sign (src/domain/kinds).
  const org = f.as ?? defaultSigner(state, intent);
  const r = await endorse(deps, {
    memberId,
    intent,
    actor: { org, officer: officerOf(f, cli) },
    ...(f['idempotency-key'] ? { idempotencyKey: f['idempotency-key'] } : {}),
  });
  cli.out(
    `${t(LABELS, `kind_${kind}`, cli.lang)} #${r.seq} ${r.hash}${r.replayed ? ' (replayed)' : ''}`,
  );
  return 0;
}

async function cmdQr(
  { deps }: Opened,
  id: string | undefined,
  f: Flags,
  cli: CliEnv,
): Promise<number> {
  const { row } = await loadMember(deps, need(id, 'member'));
  const out = need(f.out, 'out');
  const text = qrText(deps.publicUrl, row.credential);
  if (out.endsWith('.svg')) writeFileSync(out, await renderQrSvg(text));
  else if (out.endsWith('.png')) writeFileSync(out, await renderQrPng(text));
  else throw new InvalidInput('out', '--out must end in .png or .svg');
  cli.out(
    `${t(LABELS, 'wrote', cli.lang)} ${out} (QR version ${qrVersion(text)}, ${text.length} bytes)`,
  );
  return 0;
}

async function cmdExport(
  { deps }: Opened,
  id: string | undefined,
  f: Flags,
  cli: CliEnv,
): Promise<number> {
  const bundle = await exportBundle(deps, need(id, 'member'));
  const out = need(f.out, 'out');
  writeFileSync(out, `${JSON.stringify(bundle, null, 2)}\n`);
  cli.out(`${t(LABELS, 'wrote', cli.lang)} ${out}`);
  return 0;
}

async function cmdTrust({ deps }: Opened, f: Flags, cli: CliEnv): Promise<number> {
  // `.jws`: the root-signed form, which a verifier checks with the root key alone.
  const text = f.out?.endsWith('.jws')
    ? `${await signedTrustList(deps)}\n`
    : `${JSON.stringify(await trustList(deps), null, 2)}\n`;
  if (f.out) writeFileSync(f.out, text);
  else cli.out(text);
  return 0;
}

function readRoot(f: Flags): PublicJwk {
  try {
    return toPublicJwk(JSON.parse(readFileSync(f.root ?? 'keys/root.jwk', 'utf8')));
  } catch (err) {
    throw new InvalidInput(
      'root',
      `cannot read the root key ${f.root ?? 'keys/root.jwk'}: ${(err as Error).message}`,
    );
  }
}

/**
 * The trust list named by --trust: a root-signed `trust.jws` is checked with the
 * root key; a plain trust.json is taken as given (with a warning).
 */
async function readTrust(f: Flags, cli: CliEnv, verifier: SignatureVerifier): Promise<TrustList> {
  const text = readFileSync(f.trust!, 'utf8').trim();
  if (text.startsWith('{')) {
    cli.err(
      cli.lang === 'zh'
        ? '警告：信任列表未签名，按原样采信'
        : 'warning: the trust list is unsigned; trusting it as given',
    );
    return JSON.parse(text) as TrustList;
  }
  try {
    return await verifyTrustList(text, readRoot(f), verifier);
  } catch (err) {
    throw new InvalidInput(
      'trust',
      `the trust list does not verify with the root key: ${(err as Error).message}`,
    );
  }
}

async function cmdVerify(
  file: string | undefined,
  f: Flags,
  cli: CliEnv,
  open: () => Promise<Opened>,
): Promise<number> {
  const now = cli.env.PMC_NOW
    ? Math.floor(Date.parse(cli.env.PMC_NOW) / 1000)
    : Math.floor(Date.now() / 1000);
  const verifier = nodeVerifier();
  let result;
  if (f.token !== undefined) {
    const list: TrustList = f.trust
      ? await readTrust(f, cli, verifier)
      : await trustList((await open()).deps);
    result = await verifyCredential(f.token, list, now, verifier);
  } else {
    const path = need(file, 'bundle');
    // With a trust list, the org tree is known too: certificates must come from the real parent, entries obey the rules.
    const list = f.trust ? await readTrust(f, cli, verifier) : undefined;
    const tree = list && new Map(list.orgs.map((o) => [o.id, o]));
    // The log is required unless asked otherwise: only the server's log accepts entries, after checking the
    // signer's place in the tree, so a key an org certified for another org cannot slip in forged entries.
    result = await verifyBundle(readFileSync(path, 'utf8'), readRoot(f), now, {
      verifier,
      requireLog: f['allow-unlogged'] !== true,
      // Every revocation the verifier holds applies, not only those the bundle chose to carry.
      ...(list ? { tree, held: heldBy(list) } : {}),
    });
  }
  if (result.valid) {
    const c = 'credential' in result.value ? result.value.credential : result.value;
    cli.out(
      `${t(VERIFY_TITLES, 'VALID', cli.lang)}: ${c.nam} (${c.sub}) ${c.org} ${t(LABELS, `status_${c.st}`, cli.lang)} seq ${c.seq}`,
    );
    if ('log' in result.value) {
      const log = result.value.log;
      cli.out(
        log
          ? `${t(LABELS, 'logged', cli.lang)} ${log.size} (${log.origin})`
          : t(LABELS, 'not_logged', cli.lang),
      );
    }
    return 0;
  }
  cli.out(
    `${t(LABELS, 'invalid', cli.lang)}: ${result.code} — ${t(VERIFY_TITLES, result.code, cli.lang)}${result.at ? ` at ${result.at}` : ''}: ${result.message}`,
  );
  return 1;
}
