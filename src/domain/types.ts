/**
 * The ledger's vocabulary. Glossary (UI text stays Chinese-exact):
 *   enroll 入党登记 · transfer_out 转出签注 · arrival 报到签注 · transfer_return 退回 ·
 *   temp_out 证明信开具 · temp_return 证明信签回 · flow_register 流动党员登记/注销 ·
 *   status 党籍状态变更 (转正, 出党, 去世) · correction 更正
 */
export const ENTRY_KINDS = [
  'enroll',
  'transfer_out',
  'arrival',
  'transfer_return',
  'temp_out',
  'temp_return',
  'flow_register',
  'status',
  'correction',
] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];
/** Every kind but the first entry: what an officer endorses on an existing ledger. */
export type EndorseKind = Exclude<EntryKind, 'enroll'>;
export const ENDORSE_KINDS = ENTRY_KINDS.filter((k): k is EndorseKind => k !== 'enroll');

export const ORG_TYPES = ['root', 'committee', 'general_branch', 'branch', 'group'] as const;
export type OrgType = (typeof ORG_TYPES)[number];

export const CATEGORIES = ['full', 'probationary'] as const; // 正式党员 / 预备党员
export type Category = (typeof CATEGORIES)[number];

export const PERSONNEL = ['police', 'auxiliary', 'military_transfer', 'student', 'other'] as const; // 民警 辅警 军转干部 学生 其他
export type Personnel = (typeof PERSONNEL)[number];

export const GENDERS = ['M', 'F'] as const; // 男 / 女
export type Gender = (typeof GENDERS)[number];

/** 正常 · 转出在途 · 停止党籍 · 出党 · 去世 */
export const MEMBER_STATUSES = ['normal', 'in_transit', 'stopped', 'left', 'deceased'] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];

/**
 * The statuses of a member the Party counts (统计在册党员): not 停止党籍, 出党 or 去世. The
 * annual figures count them and the dues table lists them; SQL pre-filters with this list.
 */
export const COUNTED_STATUSES = ['normal', 'in_transit'] as const satisfies readonly MemberStatus[];

export const isCountedStatus = (s: MemberStatus): boolean =>
  (COUNTED_STATUSES as readonly MemberStatus[]).includes(s);

/** 党籍状态变更: 转正, 停止党籍, 恢复党籍, 出党, 去世. */
export const STATUS_CHANGES = [
  'full_membership',
  'stopped',
  'restored',
  'left',
  'deceased',
] as const;
export type StatusChange = (typeof STATUS_CHANGES)[number];

/** A calendar date, `YYYY-MM-DD`. */
export type IsoDate = string;
/** Seconds since the epoch (JWT NumericDate). */
export type NumericDate = number;

export interface OrgNode {
  id: string;
  name: string;
  type: OrgType;
  parent: string | null;
}
/** The organisation tree as plain data: id → node. */
export type OrgTree = ReadonlyMap<string, OrgNode>;

/** Kind-specific bodies (`dat`) of ledger entries, exactly as signed. */
export interface EntryBodies {
  enroll: {
    org: string;
    name: string;
    category: Category;
    personnel: Personnel;
    joined: IsoDate;
    fullOn?: IsoDate;
  };
  transfer_out: {
    from: string;
    to: string;
    reason?: string;
    validDays: number;
    deadline: NumericDate;
    /** 党费已交到 (paid through, `YYYY-MM`), as the paper letter states it; absent when unknown */
    due?: string;
  };
  arrival: { at: string; transfer: number; late: boolean; daysLate: number };
  transfer_return: { transfer: number; reason?: string };
  temp_out: { until: IsoDate; to?: string; reason?: string };
  temp_return: { temp: number; late: boolean };
  flow_register: { action: 'register' | 'cancel'; host: string; until?: IsoDate };
  status: { change: StatusChange; date: IsoDate; reason?: string };
  correction: {
    refers: number;
    reason: string;
    amend?: { name?: string; category?: Category; personnel?: Personnel; joined?: IsoDate };
  };
}
// A kind listed in ENTRY_KINDS without a body (or a body without its kind) does not compile.
type SameKeys<A, B> = [Exclude<keyof A, keyof B>, Exclude<keyof B, keyof A>] extends [never, never]
  ? true
  : never;
export const BODIES_COMPLETE: SameKeys<EntryBodies, Record<EntryKind, unknown>> = true;

/** The claims of a ledger entry JWS (`typ: pmc-entry+jwt`), DESIGN §4. */
export interface EntryClaims<K extends EntryKind = EntryKind> {
  sub: string; // member id
  seq: number; // 1-based position in the member's ledger
  prv?: string; // hash of the previous entry; absent for enroll
  knd: K;
  iss: string; // acting organisation
  act: string; // acting officer id
  iat: NumericDate;
  dat: EntryBodies[K];
}
