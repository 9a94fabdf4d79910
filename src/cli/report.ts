/**
 * `pmcert report …`: the annual statistics (年度党内统计) and their filing
 * level by level, from the command line. Its own strict options: an unknown
 * flag is an error, never ignored.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { auditFiling, type AuditEvidence } from '../crypto/audit-filing.ts';
import { toPublicJwk, type PublicJwk } from '../crypto/keys.ts';
import { InvalidInput, PmcError } from '../errors.ts';
import { say } from '../i18n/messages.ts';
import { filingEvidence } from '../service/filing-evidence.ts';
import { filingCsv, filingTableRows, filingXlsx } from '../service/filing-export.ts';
import { pullFilings } from '../service/filing-verdict.ts';
import { figuresForFiling, fileAnnual, reviewFiling } from '../service/filings.ts';
import { computeFigures } from '../service/statistics.ts';
import { openContext, type CliEnv, type Opened } from './context.ts';

export const REPORT_USAGE = `pmcert report compute --org ID --year YYYY [--json]
  pmcert report file --org ID --year YYYY --filer NAME --responsible NAME --phone TEL [--date YYYY-MM-DD]
                     [--explain-difference T] [--explain-opening T] [--explain-change T] [--explain-consolidation T]
  pmcert report accept --org CHILD --year YYYY          (signed by CHILD's parent)
  pmcert report return --org CHILD --year YYYY --reason TEXT
  pmcert report pull --org ID --year YYYY [--json]      the children's filings with verdicts
  pmcert report export --org ID --year YYYY --out FILE.xlsx|FILE.csv
  pmcert report evidence --org ID --year YYYY --out FILE.json    what an auditor downloads
  pmcert report audit --org ID --year YYYY --root keys/root.jwk [--evidence FILE.json]
        exit 0 when every figure recomputes and nothing is backdated, 1 otherwise
  (every report command takes [--data DIR] [--officer ID])`;

const OPTIONS = {
  org: { type: 'string' },
  year: { type: 'string' },
  json: { type: 'boolean' },
  data: { type: 'string' },
  officer: { type: 'string' },
  filer: { type: 'string' },
  responsible: { type: 'string' },
  phone: { type: 'string' },
  date: { type: 'string' },
  reason: { type: 'string' },
  out: { type: 'string' },
  root: { type: 'string' },
  evidence: { type: 'string' },
  'explain-difference': { type: 'string' },
  'explain-opening': { type: 'string' },
  'explain-change': { type: 'string' },
  'explain-consolidation': { type: 'string' },
} as const;

type Flags = ReturnType<typeof parse>['values'];
const parse = (argv: string[]) =>
  parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });

function need(f: Flags, name: keyof Flags): string {
  const v = f[name];
  if (typeof v !== 'string' || v.trim() === '')
    throw new InvalidInput(name, `--${name} is required`);
  return v;
}

function yearOf(f: Flags): number {
  const y = need(f, 'year');
  if (!/^\d{4}$/.test(y)) throw new InvalidInput('year', '--year is a year, e.g. 2026');
  return Number(y);
}

/** Runs `pmcert report <sub> …`; returns the exit code. */
export async function runReport(argv: string[], cli: CliEnv): Promise<number> {
  let parsed;
  try {
    parsed = parse(argv);
  } catch (err) {
    cli.err(`${(err as Error).message}\n\n${REPORT_USAGE}`);
    return 2;
  }
  const f = parsed.values;
  const [sub] = parsed.positionals;
  const zh = cli.lang === 'zh';
  let opened: Opened | undefined;
  try {
    const open = async () => (opened = await openContext(cli, { data: f.data }));
    const officer = f.officer ?? 'cli';
    switch (sub) {
      case 'compute': {
        const { deps } = await open();
        const org = need(f, 'org');
        const year = yearOf(f);
        const { figures: ind } = await figuresForFiling(deps, org, year);
        if (f.json) cli.out(JSON.stringify(ind, null, 2));
        else printFigures(cli, ind);
        return 0;
      }
      case 'file': {
        const { deps } = await open();
        const explanations = {
          ...(f['explain-difference'] ? { difference: f['explain-difference'] } : {}),
          ...(f['explain-opening'] ? { opening: f['explain-opening'] } : {}),
          ...(f['explain-change'] ? { change: f['explain-change'] } : {}),
          ...(f['explain-consolidation'] ? { consolidation: f['explain-consolidation'] } : {}),
        };
        const today = new Date(deps.now() * 1000).toISOString().slice(0, 10);
        const cover = {
          filer: need(f, 'filer'),
          responsible: need(f, 'responsible'),
          phone: need(f, 'phone'),
          date: f.date ?? today,
        };
        const signed = await fileAnnual(deps, {
          org: need(f, 'org'),
          year: yearOf(f),
          officer,
          cover,
          explanations,
        });
        const ver = signed.claims.knd === 'filed' ? signed.claims.ver : 0;
        cli.out(
          say(
            cli.lang,
            `已上报：第 ${ver} 版，${signed.hash}`,
            `filed: version ${ver}, ${signed.hash}`,
          ),
        );
        return 0;
      }
      case 'accept':
      case 'return': {
        const { deps } = await open();
        const action = sub === 'accept' ? 'accepted' : 'returned';
        const signed = await reviewFiling(deps, {
          child: need(f, 'org'),
          year: yearOf(f),
          action,
          ...(f.reason !== undefined ? { reason: f.reason } : {}),
          officer,
        });
        cli.out(
          `${say(cli.lang, action === 'accepted' ? '已接收' : '已退回', action)}: ${signed.hash}`,
        );
        return 0;
      }
      case 'pull': {
        const { deps } = await open();
        const pull = await pullFilings(deps, need(f, 'org'), yearOf(f));
        if (f.json) {
          cli.out(JSON.stringify(pull, null, 2));
          return 0;
        }
        for (const c of [...pull.children, pull.own]) {
          const v = c.verdict;
          const verdict =
            v === null
              ? '-'
              : v.ok
                ? say(cli.lang, '核验通过', 'verified')
                : say(cli.lang, '核验不通过', 'FAILED');
          cli.out(
            `${c.org}\t${c.name}\t${c.stateTitle[cli.lang]}\tv${c.version}\t${c.filedAt ?? '-'}\t${c.late ? say(cli.lang, '迟报', 'late') : ''}\t${verdict}`,
          );
          for (const d of v?.figures ?? []) cli.out(`  ${d.path}: ${d.filed} ≠ ${d.recomputed}`);
          for (const d of v?.stored ?? [])
            cli.out(`  ${say(cli.lang, '库中数据被改', 'stored')} ${d.path}`);
          for (const b of v?.backdated ?? [])
            cli.out(
              `  ${say(cli.lang, '倒签', 'backdated')} ${b.member}#${b.seq} ${b.kind} ${b.issuedAt}`,
            );
        }
        const r = pull.rate;
        cli.out(
          say(
            cli.lang,
            `应报 ${r.expected}，已报 ${r.filed}，按时 ${r.onTime}`,
            `expected ${r.expected}, filed ${r.filed}, on time ${r.onTime}`,
          ),
        );
        return 0;
      }
      case 'export': {
        const { deps } = await open();
        const org = need(f, 'org');
        const year = yearOf(f);
        const out = need(f, 'out');
        const rows = await filingTableRows(deps, org, year);
        if (out.endsWith('.csv')) writeFileSync(out, filingCsv(rows));
        else if (out.endsWith('.xlsx'))
          writeFileSync(out, await filingXlsx(rows, `${year} 年度党内统计 · ${org}`));
        else throw new InvalidInput('out', '--out must end in .xlsx or .csv');
        cli.out(`${say(cli.lang, '已写入', 'wrote')} ${out}`);
        return 0;
      }
      case 'evidence': {
        const { deps } = await open();
        const ev = await filingEvidence(deps, need(f, 'org'), yearOf(f));
        writeFileSync(need(f, 'out'), JSON.stringify(ev));
        cli.out(`${say(cli.lang, '已写入', 'wrote')} ${f.out} (${ev.members.length})`);
        return 0;
      }
      case 'audit': {
        const root = readJwk(need(f, 'root'));
        const org = need(f, 'org');
        const year = yearOf(f);
        let evidence: AuditEvidence;
        let now = Math.floor(Date.now() / 1000);
        if (f.evidence) evidence = JSON.parse(readFileSync(f.evidence, 'utf8')) as AuditEvidence;
        else {
          const { deps } = await open();
          evidence = await filingEvidence(deps, org, year);
          now = deps.now();
        }
        if (evidence.org !== org || evidence.year !== year) {
          throw new InvalidInput('evidence', `the evidence is of ${evidence.org} ${evidence.year}`);
        }
        const { nodeVerifier } = await import('../runtime/node-verifier.ts');
        const r = await auditFiling(evidence, root, now, nodeVerifier());
        cli.out(
          say(
            cli.lang,
            `审计 ${org} ${year} 年第 ${r.version ?? '-'} 版：核验党员 ${r.members} 名、记录 ${r.entries} 条，检查点 ${r.checkpointSize ?? '-'}`,
            `audit of ${org} ${year} version ${r.version ?? '-'}: ${r.members} members, ${r.entries} entries verified, checkpoint ${r.checkpointSize ?? '-'}`,
          ),
        );
        for (const x of r.findings) cli.out(`${x.code}\t${x.where}\t${x.message}`);
        cli.out(
          r.ok
            ? say(
                cli.lang,
                '每项数字均可重算，无倒签记录',
                'every figure recomputes; nothing backdated',
              )
            : `${r.findings.length} ${zh ? '处不符' : 'findings'}`,
        );
        return r.ok ? 0 : 1;
      }
      default:
        cli.err(REPORT_USAGE);
        return 2;
    }
  } catch (err) {
    if (err instanceof PmcError) {
      cli.err(
        `${err.code}${err.reason ? ` ${err.reason}` : ''}${err.field ? ` (${err.field})` : ''}: ${err.message}`,
      );
      return 2;
    }
    throw err;
  } finally {
    await opened?.store.close();
  }
}

function readJwk(path: string): PublicJwk {
  try {
    return toPublicJwk(JSON.parse(readFileSync(path, 'utf8')));
  } catch (err) {
    throw new InvalidInput('root', `cannot read the root key ${path}: ${(err as Error).message}`);
  }
}

function printFigures(cli: CliEnv, ind: Awaited<ReturnType<typeof computeFigures>>): void {
  const b = ind.balance;
  const l = (zh: string, en: string, v: unknown) => cli.out(`${say(cli.lang, zh, en)}\t${v}`);
  l('年初党员数', 'opening', b.opening);
  l('发展党员', 'admitted', b.admitted);
  l('系统内转入', 'transferred in (inside)', b.transferredInInside);
  l('系统外转入', 'transferred in (outside)', b.transferredInOutside);
  l('死亡', 'died', b.died);
  l('出党', 'left', b.left);
  l('转往系统内', 'transferred out (inside)', b.transferredOutInside);
  l('应有党员数', 'expected closing', b.expectedClosing);
  l('实有党员数', 'closing', b.closing);
  l('差额', 'difference', b.difference);
  const t = ind.transfers;
  l(
    '按期报到率',
    'on-time rate',
    t.onTimeRate === null ? '-' : `${(t.onTimeRate * 100).toFixed(1)}%`,
  );
  l('年末在途 / 逾期', 'in transit / overdue', `${t.inTransitAtCutoff} / ${t.inTransitOverdue}`);
  l(
    '证明信 开具 / 签回',
    '证明信 issued / returned',
    `${ind.temps.issued} / ${ind.temps.returned}`,
  );
  l(
    '党费',
    'dues',
    ind.dues.recorded ? `${ind.dues.fullyPaid}` : say(cli.lang, '尚无党费记录', 'no dues recorded'),
  );
}
