/** The pure domain: org tree, rules, dues, national IDs and the ledger state machine. */
export * from './types.ts';
export {
  addDays,
  addMonths,
  dateOfDayNumber,
  dayNumberOf,
  isIsoDate,
  isRealDate,
  startOfDay,
  todayOf,
} from './dates.ts';
export {
  birthDateFromNationalId,
  displayMask,
  maskNationalId,
  nationalIdCheckChar,
  validateNationalId,
} from './national-id.ts';
export { ancestorsOf, isAncestorOrSelf, validateNewOrg } from './org-tree.ts';
export { DEFAULT_RULES, duesFor, validateRules, type DuesKind, type Rules } from './rules.ts';
export {
  RULE_REASONS,
  type AnyEntryClaims,
  type DecideContext,
  type Decision,
  type MemberState,
  type RuleReason,
} from './ledger-types.ts';
export {
  KINDS,
  type EndorseIntent,
  type Intent,
  type IntentFields,
  type IntentOf,
} from './kinds/index.ts';
export {
  checkLink,
  decide,
  evolve,
  intentOf,
  isClosed,
  replay,
  validateLedger,
  type LedgerFault,
  type LedgerItem,
  type LedgerProblem,
} from './ledger.ts';
