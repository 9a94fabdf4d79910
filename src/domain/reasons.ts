/**
 * The stable reasons the domain's rules give (`err.reason` of a
 * `RuleViolation`). They live here, importing nothing, so that
 * `src/errors.ts` can type every error's reason without an import cycle;
 * the message catalogue (src/i18n/messages.ts) must title each one.
 */

/** Why a ledger rule refused an entry (src/domain/decide*.ts, ledger.ts). */
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
  'DESTINATION_DISSOLVED', // transfer to an org dissolved by the entry's time
  'INCOMING_IN_TRANSIT', // a dissolution while a member is in transit to the org (dissolution.ts)
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

/** Why an annual filing (年报) was refused (src/domain/filing.ts, src/service/filings.ts). */
export const FILING_REASONS = [
  'FILING_PENDING',
  'FILING_LOCKED',
  'CHILDREN_PENDING',
  'UNEXPLAINED_DIFFERENCE',
  'OPENING_MISMATCH',
  'LARGE_CHANGE',
  'NAME_LIST_REQUIRED',
  'NOTHING_TO_REVIEW',
  'REASON_REQUIRED',
  'SUMS_DIFFER',
  'BEFORE_CUTOFF',
] as const;
export type FilingReason = (typeof FILING_REASONS)[number];
