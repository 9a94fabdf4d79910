import { createRoute } from '@hono/zod-openapi';
import { InvalidInput } from '../../errors.ts';
import { importMembers, readTable } from '../../service/import.ts';
import { actAs, officerOf } from '../auth.ts';
import { AUTHED, problems, z } from '../openapi.ts';
import { OrgId } from '../schemas.ts';
import type { App } from '../env.ts';

export const ImportBody = z.strictObject({
  org: OrgId.openapi({ description: 'Your unit: every row must name an org in its subtree' }),
  file: z.string().min(1).openapi({
    description: 'The file’s bytes, base64: CSV (UTF-8 with or without BOM, or GBK) or XLSX',
  }),
  format: z
    .enum(['csv', 'xlsx'])
    .optional()
    .openapi({ description: 'Default: sniffed (XLSX is a ZIP)' }),
  dryRun: z.boolean().optional(),
  skipInvalid: z.boolean().optional(),
});

const Problem = z.object({
  row: z.number(),
  column: z.string(),
  field: z.string(),
  code: z.string(),
  zh: z.string(),
  en: z.string(),
});
export const ImportReportSchema = z
  .object({
    kind: z.enum(['members', 'orgs']),
    encoding: z.string(),
    rows: z.number(),
    invalidRows: z.number(),
    problems: z.array(Problem),
    created: z.array(z.object({ row: z.number(), id: z.string() })),
    unchanged: z.array(z.object({ row: z.number(), id: z.string() })),
    changed: z.array(
      z.object({
        row: z.number(),
        id: z.string(),
        fields: z.array(
          z.object({ field: z.string(), column: z.string(), was: z.string(), now: z.string() }),
        ),
      }),
    ),
    imported: z.boolean(),
    dryRun: z.boolean(),
    ms: z.number(),
    perSecond: z.number(),
  })
  .openapi('ImportReport');

/** The file's bytes from base64, or 422 naming `file`. */
export function fileBytes(b64: string): Uint8Array {
  try {
    const bin = atob(b64.replace(/\s+/g, '').replaceAll('-', '+').replaceAll('_', '/'));
    return Uint8Array.from(bin, (ch) => ch.charCodeAt(0));
  } catch (cause) {
    throw new InvalidInput('file', 'file must be the file’s bytes in base64', { cause });
  }
}

const route = createRoute({
  method: 'post',
  path: '/api/imports/members',
  tags: ['members'],
  summary: '导入党员花名册 · Import a member roster',
  description:
    'Columns 姓名, 性别, 民族, 出生日期, 公民身份号码, 入党日期, 转正日期, 党员类别, 人员类别, 是否干部, 所在党组织 (the org’s 编码). Every row is checked first (GB 11643, gender and birth date against the ID, dates, enumerations, the org); nothing is enrolled when a row is invalid unless `skipInvalid`; `dryRun` writes nothing. A national ID already enrolled is not enrolled again: how the row differs is reported. The enrolments are signed by your org. Secretary, organizer or clerk over `org`. 200 with the report whether or not anything was written (`imported`).',
  request: { body: { required: true, content: { 'application/json': { schema: ImportBody } } } },
  responses: {
    200: {
      description: 'The report',
      content: { 'application/json': { schema: ImportReportSchema } },
    },
    ...problems(...AUTHED, 413, 415, 422, 503),
  },
});

export function register(app: App) {
  app.openapi(route, async (c) => {
    const officer = officerOf(c);
    const body = c.req.valid('json');
    const signAs = await actAs(c, 'member:enroll', [body.org]);
    const table = await readTable(fileBytes(body.file), body.format);
    const report = await importMembers(
      c.var.deps,
      table,
      { org: signAs, officer: officer.accountId },
      {
        scope: body.org,
        ...(body.dryRun ? { dryRun: true } : {}),
        ...(body.skipInvalid ? { skipInvalid: true } : {}),
      },
    );
    c.var.audit.target = body.org;
    c.var.audit.detail = {
      rows: report.rows,
      invalid: report.invalidRows,
      created: report.imported ? report.created.length : 0,
      dryRun: report.dryRun,
    };
    return c.json(report, 200);
  });
}
