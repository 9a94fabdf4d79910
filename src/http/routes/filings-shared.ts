import { FIRST_STATISTICS_YEAR, LAST_STATISTICS_YEAR } from '../../domain/filing.ts';
import { z } from '../openapi.ts';
import { OrgId } from '../schemas.ts';

/** `/api/orgs/{id}/filings/{year}`: the org and the statistics year. */
export const FilingParams = z.object({
  id: OrgId,
  year: z.coerce
    .number()
    .int()
    .min(FIRST_STATISTICS_YEAR)
    .max(LAST_STATISTICS_YEAR)
    .openapi({ example: 2026 }),
});

const Text = (max: number) => z.string().trim().min(1).max(max);

export const Cover = z.strictObject({
  filer: Text(50).openapi({ description: '填报人' }),
  responsible: Text(50).openapi({ description: '单位负责人' }),
  phone: Text(30).openapi({ description: '联系电话' }),
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .openapi({ description: '报出日期 YYYY-MM-DD' }),
});

export const FileBody = z
  .strictObject({
    cover: Cover,
    explanations: z
      .strictObject({
        difference: Text(2000).optional(),
        opening: Text(2000).optional(),
        change: Text(2000).optional(),
        consolidation: Text(2000).optional(),
      })
      .optional(),
    nameLists: z
      .strictObject({
        restored: z.array(z.string().max(64)).max(10_000).optional(),
        stopped: z.array(z.string().max(64)).max(10_000).optional(),
        difference: z.array(z.string().max(64)).max(10_000).optional(),
      })
      .optional(),
  })
  .openapi('AnnualFiling');

export const ReviewBody = z
  .strictObject({
    action: z.enum(['accepted', 'returned']).openapi({ description: '接收 · 退回' }),
    reason: Text(2000).optional().openapi({ description: 'Required for a return' }),
  })
  .openapi('FilingReview');

export const ExemptBody = z
  .strictObject({ reason: Text(2000), late: z.boolean().default(false) })
  .openapi('FilingExemption');

export const ExtendBody = z
  .strictObject({
    until: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    reason: Text(2000),
  })
  .openapi('FilingExtension');

export const Signed = z
  .object({
    org: z.string(),
    year: z.number(),
    kind: z.string(),
    hash: z.string(),
    jws: z.string(),
  })
  .openapi('SignedFilingStep');
