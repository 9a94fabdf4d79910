import { z } from '@hono/zod-openapi';
import { ORG_TYPES } from '../domain/types.ts';

/** Shared OpenAPI schemas (responses); request bodies live beside their routes. */

export const OrgId = z.string().min(1).max(32).openapi({ example: 'gaj-xz' });
export const MemberId = z.string().min(1).max(32).openapi({ example: 'm7k2p9x4q1za' });

export const Org = z
  .object({
    id: z.string(),
    name: z.string(),
    type: z.enum(ORG_TYPES),
    parent: z.string().nullable(),
  })
  .openapi('Organisation');

export type OrgTreeNode = z.infer<typeof Org> & { children: OrgTreeNode[] };
export const OrgTreeNode: z.ZodType<OrgTreeNode> = z
  .lazy(() => Org.extend({ children: z.array(OrgTreeNode) }))
  .openapi('OrganisationTreeNode');

export const MemberSummary = z
  .object({
    id: z.string(),
    name: z.string(),
    org: z.string(),
    status: z.string(),
    category: z.string(),
    personnel: z.string(),
  })
  .openapi('MemberSummary');

export const Entry = z.object({
  seq: z.number().int(),
  kind: z.string(),
  org: z.string(),
  officer: z.string(),
  at: z.string(),
  dat: z.record(z.string(), z.unknown()),
  hash: z.string(),
});

export const Member = z
  .object({
    id: z.string(),
    name: z.string(),
    gender: z.string(),
    ethnicity: z.string().nullable(),
    birthDate: z.string(),
    nationalId: z.string().openapi({
      description:
        'Masked to the region (110105************: with the birth date shown, nothing that rebuilds it) unless `reveal=national_id` was asked by someone allowed to see it',
    }),
    nationalIdRevealed: z.boolean(),
    joinedOn: z.string(),
    fullOn: z.string().nullable(),
    category: z.string(),
    personnel: z.string(),
    cadre: z.boolean(),
    org: z.string(),
    status: z.string(),
    seq: z.number().int(),
    head: z.string(),
    duesThrough: z.string().nullable(),
    transfer: z
      .object({ seq: z.number(), from: z.string(), to: z.string(), deadline: z.number() })
      .nullable(),
    temp: z.object({ seq: z.number(), until: z.string() }).nullable(),
    flows: z.array(z.object({ host: z.string(), seq: z.number(), until: z.string().optional() })),
    credential: z
      .string()
      .openapi({ description: 'The current QR credential (compact JWS, typ pmc+jwt)' }),
    entries: z.array(Entry),
  })
  .openapi('Member');

/** What a host org of a 流动党员 sees of them (src/http/member-access.ts hostedView): no more than hosting needs. */
export const HostedMember = z
  .object({
    id: z.string(),
    name: z.string(),
    gender: z.string(),
    category: z.string(),
    org: z
      .string()
      .openapi({ description: 'The member’s own org (their relationship stays there)' }),
    status: z.string(),
    flows: z.array(z.object({ host: z.string(), seq: z.number(), until: z.string().optional() })),
    hosted: z.literal(true),
  })
  .openapi('HostedMember');

export const Titles = z.object({ zh: z.string(), en: z.string() });
