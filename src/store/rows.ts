import type {
  accounts,
  apiTokens,
  auditEvents,
  hrMoves,
  ledgerEntries,
  logCheckpoints,
  logObjects,
  loginThrottle,
  members,
  officerRoles,
  orgKeys,
  organisations,
  sessions,
} from '../../schema/index.ts';

// The store's row types, one place, derived from the tables: the query modules
// and the services both import them from here, so no query module has to
// import another for a type (which is how append.ts and queries.ts made a circle).

export type OrgRow = typeof organisations.$inferSelect;
export type OrgKeyRow = typeof orgKeys.$inferSelect;
export type OrgKeyInsert = typeof orgKeys.$inferInsert;
export type MemberRow = typeof members.$inferSelect;
export type MemberInsert = typeof members.$inferInsert;
export type EntryRow = typeof ledgerEntries.$inferSelect;
export type EntryInsert = typeof ledgerEntries.$inferInsert;
export type CheckpointRow = typeof logCheckpoints.$inferSelect;
export type LogObjectRow = typeof logObjects.$inferSelect;
export type AccountRow = typeof accounts.$inferSelect;
export type AccountInsert = typeof accounts.$inferInsert;
export type RoleRow = typeof officerRoles.$inferSelect;
export type SessionRow = typeof sessions.$inferSelect;
export type SessionInsert = typeof sessions.$inferInsert;
export type ApiTokenRow = typeof apiTokens.$inferSelect;
export type ApiTokenInsert = typeof apiTokens.$inferInsert;
export type HrMoveRow = typeof hrMoves.$inferSelect;
export type HrMoveInsert = typeof hrMoves.$inferInsert;
export type AuditRow = typeof auditEvents.$inferSelect;
export type AuditInsert = typeof auditEvents.$inferInsert;
export type ThrottleRow = typeof loginThrottle.$inferSelect;
