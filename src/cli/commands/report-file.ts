import { z } from 'zod';
import { say } from '../../i18n/messages.ts';
import { fileAnnual } from '../../service/filings.ts';
import { defineCommand } from '../command.ts';
import { withStore } from '../context.ts';
import { given, isoDate, maybe } from '../inputs.ts';
import {
  OFFICER_FLAG,
  OFFICER_INPUT,
  REPORT_FLAGS,
  REPORT_INPUT,
  withReportErrors,
} from '../report.ts';

const TEXT = { type: 'string', hint: 'TEXT' } as const;

export const command = defineCommand({
  name: 'report file',
  flags: {
    ...REPORT_FLAGS,
    filer: { type: 'string', hint: 'NAME' },
    responsible: { type: 'string', hint: 'NAME' },
    phone: { type: 'string', hint: 'TEL' },
    date: { type: 'string', hint: 'YYYY-MM-DD' },
    'explain-difference': TEXT,
    'explain-opening': TEXT,
    'explain-change': TEXT,
    'explain-consolidation': TEXT,
    ...OFFICER_FLAG,
  },
  input: z.object({
    ...REPORT_INPUT,
    ...OFFICER_INPUT,
    filer: given,
    responsible: given,
    phone: given,
    date: isoDate.optional(),
    explainDifference: maybe,
    explainOpening: maybe,
    explainChange: maybe,
    explainConsolidation: maybe,
  }),
  run: (f, cli) =>
    withReportErrors(cli, () =>
      withStore(cli, { data: f.data }, async ({ deps }) => {
        const explanations = {
          ...(f.explainDifference ? { difference: f.explainDifference } : {}),
          ...(f.explainOpening ? { opening: f.explainOpening } : {}),
          ...(f.explainChange ? { change: f.explainChange } : {}),
          ...(f.explainConsolidation ? { consolidation: f.explainConsolidation } : {}),
        };
        const today = new Date(deps.now() * 1000).toISOString().slice(0, 10);
        const signed = await fileAnnual(deps, {
          org: f.org,
          year: f.year,
          officer: f.officer,
          cover: {
            filer: f.filer,
            responsible: f.responsible,
            phone: f.phone,
            date: f.date ?? today,
          },
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
      }),
    ),
});
