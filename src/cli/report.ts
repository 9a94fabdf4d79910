/**
 * What the `pmcert report …` commands share (src/cli/commands/report-*.ts):
 * the org and year every one of them takes, how a refusal is printed, the
 * figures as a table.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { toPublicJwk, type PublicJwk } from '../crypto/keys.ts';
import { InvalidInput, PmcError } from '../errors.ts';
import { say } from '../i18n/messages.ts';
import type { computeFigures } from '../service/statistics.ts';
import type { CliEnv } from './context.ts';
import { DATA, DATA_INPUT, given, year } from './inputs.ts';

/** `--org ID --year YYYY [--data DIR]`. */
export const REPORT_FLAGS = {
  org: { type: 'string', hint: 'ID' },
  year: { type: 'string', hint: 'YYYY' },
  ...DATA,
} as const;
export const REPORT_INPUT = { ...DATA_INPUT, org: given, year };
/** Who files or reviews: --officer, else `cli`. */
export const OFFICER_FLAG = { officer: { type: 'string', hint: 'ID' } } as const;
export const OFFICER_INPUT = { officer: z.string().default('cli') };

/** A refused filing as `CODE REASON (field): message`, exit 2. */
export async function withReportErrors(cli: CliEnv, fn: () => Promise<number>): Promise<number> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof PmcError) {
      cli.err(
        `${err.code}${err.reason ? ` ${err.reason}` : ''}${err.field ? ` (${err.field})` : ''}: ${err.message}`,
      );
      return 2;
    }
    throw err;
  }
}

export function readJwk(path: string): PublicJwk {
  try {
    return toPublicJwk(JSON.parse(readFileSync(path, 'utf8')));
  } catch (err) {
    throw new InvalidInput('root', `cannot read the root key ${path}: ${(err as Error).message}`);
  }
}

export function printFigures(cli: CliEnv, ind: Awaited<ReturnType<typeof computeFigures>>): void {
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
