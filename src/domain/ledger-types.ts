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
