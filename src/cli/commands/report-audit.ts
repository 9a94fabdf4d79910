import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { auditFiling, type AuditEvidence } from '../../crypto/audit-filing.ts';
import { InvalidInput } from '../../errors.ts';
import { say } from '../../i18n/messages.ts';
import { nodeVerifier } from '../../runtime/node-verifier.ts';
import { filingEvidence } from '../../service/filing-evidence.ts';
import { defineCommand } from '../command.ts';
import { withStore } from '../context.ts';
import { given, maybe } from '../inputs.ts';
import { readJwk, REPORT_FLAGS, REPORT_INPUT, withReportErrors } from '../report.ts';

/** Recomputes every figure of a filing from its evidence (a file, or this database's), offline. */
export const command = defineCommand({
  name: 'report audit',
  flags: {
    ...REPORT_FLAGS,
    root: { type: 'string', hint: 'keys/root.jwk' },
    evidence: { type: 'string', hint: 'FILE.json' },
  },
  input: z.object({ ...REPORT_INPUT, root: given, evidence: maybe }),
  run: (f, cli) =>
    withReportErrors(cli, async () => {
      const root = readJwk(f.root);
      const { evidence, now } = f.evidence
        ? {
            evidence: JSON.parse(readFileSync(f.evidence, 'utf8')) as AuditEvidence,
            now: Math.floor(Date.now() / 1000),
          }
        : await withStore(cli, { data: f.data }, async ({ deps }) => ({
            evidence: await filingEvidence(deps, f.org, f.year),
            now: deps.now(),
          }));
      if (evidence.org !== f.org || evidence.year !== f.year)
        throw new InvalidInput('evidence', `the evidence is of ${evidence.org} ${evidence.year}`);
      const r = await auditFiling(evidence, root, now, nodeVerifier());
      cli.out(
        say(
          cli.lang,
          `审计 ${f.org} ${f.year} 年第 ${r.version ?? '-'} 版：核验党员 ${r.members} 名、记录 ${r.entries} 条，检查点 ${r.checkpointSize ?? '-'}`,
          `audit of ${f.org} ${f.year} version ${r.version ?? '-'}: ${r.members} members, ${r.entries} entries verified, checkpoint ${r.checkpointSize ?? '-'}`,
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
          : `${r.findings.length} ${say(cli.lang, '处不符', 'findings')}`,
      );
      return r.ok ? 0 : 1;
    }),
});
