import type { App } from '../env.ts';
import * as accountsCreate from './accounts-create.ts';
import * as backup from './backup.ts';
import * as docs from './docs.ts';
import * as endorsementsCreate from './endorsements-create.ts';
import * as filingsFigures from './filings-figures.ts';
import * as filingsFile from './filings-file.ts';
import * as filingsPull from './filings-pull.ts';
import * as filingsReview from './filings-review.ts';
import * as healthz from './healthz.ts';
import * as hrMoves from './hr-moves.ts';
import * as importsMembers from './imports-members.ts';
import * as importsOrgs from './imports-orgs.ts';
import * as logCheckpoint from './log-checkpoint.ts';
import * as logProofConsistency from './log-proof-consistency.ts';
import * as logProofInclusion from './log-proof-inclusion.ts';
import * as logTile from './log-tile.ts';
import * as me from './me.ts';
import * as membersActions from './members-actions.ts';
import * as membersBundle from './members-bundle.ts';
import * as membersEnroll from './members-enroll.ts';
import * as membersGet from './members-get.ts';
import * as membersNationalId from './members-national-id.ts';
import * as membersQrPng from './members-qr-png.ts';
import * as membersQrSvg from './members-qr-svg.ts';
import * as membersSearch from './members-search.ts';
import * as openapiJson from './openapi-json.ts';
import * as readyz from './readyz.ts';
import * as orgsAlerts from './orgs-alerts.ts';
import * as orgsAudit from './orgs-audit.ts';
import * as orgsDuesGet from './orgs-dues-get.ts';
import * as orgsDuesRecord from './orgs-dues-record.ts';
import * as orgsChildren from './orgs-children.ts';
import * as orgsGet from './orgs-get.ts';
import * as orgsSearch from './orgs-search.ts';
import * as orgsTree from './orgs-tree.ts';
import * as passwordChange from './password-change.ts';
import * as sessionCreate from './session-create.ts';
import * as sessionDelete from './session-delete.ts';
import * as tokensCreate from './tokens-create.ts';
import * as tokensList from './tokens-list.ts';
import * as tokensRevoke from './tokens-revoke.ts';
import * as trustJson from './trust-json.ts';
import * as trustJws from './trust-jws.ts';
import * as credentialHead from './credential-head.ts';
import * as verifyPage from '../../web/verify-page.ts';
import * as scanPage from '../../web/scan-page.ts';

/** A route file: one endpoint, registered on the app. */
export interface RouteModule {
  register(app: App): void;
}

/**
 * Every endpoint, one file each, registered in this order (a static path
 * before a parameterised one that would also match it: orgs/search before
 * orgs/{id}). To add routes (e.g. `/log/*`), add their modules here; the
 * authorisation matrix test (test/http/matrix.test.ts) then fails until each
 * new route has its rows.
 */
export const ROUTES: RouteModule[] = [
  sessionCreate,
  sessionDelete,
  me,
  orgsTree,
  orgsSearch,
  orgsGet,
  orgsChildren,
  orgsAlerts,
  orgsAudit,
  orgsDuesGet,
  orgsDuesRecord,
  filingsFigures,
  filingsPull,
  filingsFile,
  filingsReview,
  tokensList,
  membersSearch,
  membersEnroll,
  importsMembers,
  importsOrgs,
  membersGet,
  membersBundle,
  membersQrSvg,
  membersQrPng,
  membersNationalId,
  membersActions,
  endorsementsCreate,
  hrMoves,
  tokensCreate,
  tokensRevoke,
  accountsCreate,
  backup,
  passwordChange,
  trustJson,
  trustJws,
  credentialHead,
  verifyPage,
  scanPage,
  logCheckpoint,
  logProofInclusion,
  logProofConsistency,
  logTile,
  openapiJson,
  healthz,
  readyz,
  docs,
];

export function registerRoutes(app: App, routes: readonly RouteModule[] = ROUTES): void {
  for (const r of routes) r.register(app);
}
