/**
 * The ledger state machine's vocabulary: the state folded from a member's
 * entries, the intents officers submit, and the reasons a rule refuses one.
 */
import type { Rules } from './rules.ts';
import type {
  Category,
  EntryBodies,
  EntryClaims,
  EntryKind,
  IsoDate,
  MemberStatus,
  NumericDate,
  OrgTree,
  Personnel,
} from './types.ts';

/** What a member's ledger says now; `replay` folds it from the entries. */
export interface MemberState {
  id: string;
  /** Number of entries so far (= seq of the newest). */
  seq: number;
  /** Hash of the newest entry, when the entries came with hashes. */
  head?: string;
  name: string;
  /** The current organisation; stays the origin while a transfer is in transit. */
  org: string;
  status: MemberStatus;
  category: Category;
  personnel: Personnel;
  joined: IsoDate;
  fullOn?: IsoDate;
  /** The open transfer (status in_transit). */
  transfer?: { seq: number; from: string; to: string; deadline: NumericDate };
  /** 停止党籍 since this date (status stopped). */
  stoppedOn?: IsoDate;
  /** The open 证明信. */
  temp?: { seq: number; until: IsoDate };
  /** Active 流动党员 registrations. */
  flows: { host: string; seq: number; until?: IsoDate }[];
  /** Who signed what and when, for corrections and authority checks. */
  entries: { seq: number; knd: EntryKind; iss: string; iat: NumericDate }[];
  lateArrivals: number;
}

/** The entry `decide` allows: its kind and the exact body to sign. */
export type Decision = { [K in EntryKind]: { knd: K; dat: EntryBodies[K] } }[EntryKind];

/** Entry claims with `knd` and `dat` correlated, so `switch (e.knd)` narrows `e.dat`. */
export type AnyEntryClaims = { [K in EntryKind]: EntryClaims<K> }[EntryKind];

export interface DecideContext {
  tree: OrgTree;
  rules: Rules;
  /** The entry's time (its `iat`). */
  now: NumericDate;
  /** The organisation that will sign the entry. */
  iss: string;
}

/** Stable reasons carried by `RuleViolation` (err.reason). */
export const RULE_REASONS = [
  'NOT_ENROLLED', // the ledger is empty: enroll first
  'ALREADY_ENROLLED', // enroll on a non-empty ledger
  'MEMBER_CLOSED', // 出党 / 去世: only corrections follow
  'MEMBER_STOPPED', // 停止党籍: only 恢复党籍, 出党 (除名), 去世 and corrections follow
  'NOT_STOPPED', // 恢复党籍 of a member whose membership is not stopped
  'IN_TRANSIT', // refused while a transfer is open
  'NOT_IN_TRANSIT', // arrival / return without an open transfer
  'WRONG_DESTINATION', // arrival at another org than the transfer's
  'VALIDITY_OUT_OF_RANGE', // transfer validity outside 1..max days
  'UNKNOWN_ORG', // an org id not in the tree
  'SAME_ORG', // transfer or flow to the member's own org
  'TEMP_TOO_LONG', // 证明信 beyond tempMaxMonths
  'TEMP_OPEN', // a 证明信 is already out
  'NO_OPEN_TEMP', // temp_return without a 证明信
  'ALREADY_REGISTERED', // flow registration at the same host twice
  'NOT_REGISTERED', // flow cancel without a registration
  'NOT_PROBATIONARY', // 转正 of a full member
  'BAD_REFERENCE', // correction of a seq that does not exist yet
  'DATE_IN_FUTURE', // a past event dated after today
  'DATE_NOT_AFTER_TODAY', // an end date that is already over
  'DATE_BEFORE_JOINED', // 转正 / full date before the join date
  'TIME_REVERSED', // an entry dated before the previous one (backdating)
  'BAD_SEQUENCE', // seq is not previous + 1
  'BROKEN_CHAIN', // prv is not the previous entry's hash
  'WRONG_MEMBER', // an entry about another member
  'DAT_MISMATCH', // a derived field differs from what the rules compute
] as const;
export type RuleReason = (typeof RULE_REASONS)[number];
