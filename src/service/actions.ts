/**
 * What an officer may sign for a member *now*: for each endorsement the scan
 * page offers, the org they would sign as (the authorisation matrix, via
 * actingOrg) and whether the ledger rules accept it in the member's current
 * state (the domain's own `decide`, run on a probe intent). The page shows
 * exactly these and nothing else; it never re-implements either rule.
 */
import { addMonths, todayOf } from '../domain/dates.ts';
import { decide } from '../domain/decide.ts';
import { endorseSpecOf, signerOrgs, type Intent } from '../domain/kinds/index.ts';
import type { MemberState } from '../domain/ledger-types.ts';
import type { Rules } from '../domain/rules.ts';
import type { NumericDate, OrgTree } from '../domain/types.ts';
import { PmcError } from '../errors.ts';
import { actingOrg, type EndorseKind, type Principal } from './authorisation.ts';

/** The endorsements the 扫码签注 page offers, in the order it lists them. */
export const SCAN_KINDS = [
  'transfer_out',
  'arrival',
  'transfer_return',
  'temp_out',
  'temp_return',
  'flow_register',
] as const satisfies readonly EndorseKind[];
export type ScanKind = (typeof SCAN_KINDS)[number];

/**
 * The orgs an officer must hold the kind's ability over: those the registry
 * lets sign (src/domain/kinds). The scan page acts on a scanned credential,
 * so those a presented credential admits (a 流动党员's host) count too.
 */
export function endorsementTargets(
  kind: EndorseKind,
  state: MemberState,
  fields: { host?: string; refers?: number } = {},
  presented = true,
): string[] {
  const intent = { action: 'register', ...fields } as never;
  const orgs = signerOrgs(endorseSpecOf(kind).signers(state, intent), presented);
  return orgs.filter((o): o is string => o !== undefined);
}

export interface AvailableAction {
  kind: ScanKind;
  /** The org the entry would be signed as. */
  as: string;
  /** Prefilled values and limits for the form. */
  defaults: Record<string, string | number>;
}
export interface UnavailableAction {
  kind: ScanKind;
  /** NOT_AUTHORISED, or the ledger rule's reason (IN_TRANSIT, NOT_IN_TRANSIT, …). */
  reason: string;
  message: string;
}

/** The officer-supplied fields of a probe: valid placeholders, so only state and authority can refuse. */
function probe(kind: ScanKind, state: MemberState, tree: OrgTree, as: string, now: NumericDate) {
  const tomorrow = todayOf(now + 86400);
  const elsewhere = [...tree.keys()].find((id) => id !== state.org) ?? state.org;
  const intents: Record<ScanKind, Intent> = {
    transfer_out: { kind: 'transfer_out', to: elsewhere },
    arrival: { kind: 'arrival' },
    transfer_return: { kind: 'transfer_return' },
    temp_out: { kind: 'temp_out', until: tomorrow },
    temp_return: { kind: 'temp_return' },
    flow_register: { kind: 'flow_register', action: 'register', host: as },
  };
  return intents[kind];
}

/** Refusals about a field the officer still fills in do not make an action unavailable. */
const aboutAField = (err: PmcError, kind: ScanKind) =>
  err.field !== undefined &&
  err.field.startsWith('dat.') &&
  // For a 流动党员 registration the host is the officer's own org, not a field they choose.
  !(kind === 'flow_register' && err.field === 'dat.host');

export function actionsFor(
  p: Principal,
  state: MemberState,
  ctx: { tree: OrgTree; rules: Rules; now: NumericDate },
): { actions: AvailableAction[]; unavailable: UnavailableAction[] } {
  const actions: AvailableAction[] = [];
  const unavailable: UnavailableAction[] = [];
  for (const kind of SCAN_KINDS) {
    const ability = `endorse:${kind}` as const;
    // A 流动党员 is registered at the officer's org (the host), never at the member's own.
    const hosts =
      kind === 'flow_register' && p.kind === 'officer'
        ? p.roles.map((r) => r.org).filter((o) => o !== state.org)
        : [undefined];
    let as: string | undefined;
    for (const host of hosts) {
      as = actingOrg(ctx.tree, p, ability, endorsementTargets(kind, state, { host }), host);
      if (as) break;
    }
    if (!as) {
      unavailable.push({
        kind,
        reason: 'NOT_AUTHORISED',
        message: `no role of yours allows ${ability} for this member`,
      });
      continue;
    }
    try {
      decide(state, probe(kind, state, ctx.tree, as, ctx.now), { ...ctx, iss: as });
    } catch (err) {
      if (!(err instanceof PmcError)) throw err;
      if (!aboutAField(err, kind)) {
        unavailable.push({ kind, reason: err.reason ?? err.code, message: err.message });
        continue;
      }
    }
    const defaults: Record<string, string | number> =
      kind === 'transfer_out'
        ? { validDays: ctx.rules.transferValidDays, maxValidDays: ctx.rules.transferMaxValidDays }
        : kind === 'temp_out'
          ? {
              until: addMonths(todayOf(ctx.now), ctx.rules.tempMaxMonths),
              maxUntil: addMonths(todayOf(ctx.now), ctx.rules.tempMaxMonths),
            }
          : kind === 'flow_register'
            ? { host: as }
            : {};
    actions.push({ kind, as, defaults });
  }
  return { actions, unavailable };
}
