import type { Intent } from '../domain/ledger-types.ts';
import { InvalidInput } from '../errors.ts';

type Flags = Record<string, string | boolean | undefined>;

/** CLI spelling (`transfer-out`) → entry kind (`transfer_out`). */
export const ENDORSE_KINDS = {
  'transfer-out': 'transfer_out',
  arrival: 'arrival',
  'transfer-return': 'transfer_return',
  'temp-out': 'temp_out',
  'temp-return': 'temp_return',
  'flow-register': 'flow_register',
  status: 'status',
  correction: 'correction',
} as const;

const str = (f: Flags, name: string): string | undefined =>
  typeof f[name] === 'string' ? (f[name] as string) : undefined;
const need = (f: Flags, name: string): string => {
  const v = str(f, name);
  if (v === undefined) throw new InvalidInput(name, `--${name} is required`);
  return v;
};
const int = (f: Flags, name: string): number | undefined => {
  const v = str(f, name);
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw new InvalidInput(name, `--${name} must be a whole number`);
  return Number(v);
};
const opt = <K extends string, V>(key: K, v: V | undefined): { [P in K]?: V } =>
  v === undefined ? {} : ({ [key]: v } as { [P in K]?: V });

/** Builds the officer's intent from command-line flags; the domain validates the values. */
export function intentFromFlags(
  kind: (typeof ENDORSE_KINDS)[keyof typeof ENDORSE_KINDS],
  f: Flags,
): Exclude<Intent, { kind: 'enroll' }> {
  switch (kind) {
    case 'transfer_out':
      return {
        kind,
        to: need(f, 'to'),
        ...opt('reason', str(f, 'reason')),
        ...opt('validDays', int(f, 'valid-days')),
      };
    case 'arrival':
      return { kind, ...opt('at', str(f, 'at')) };
    case 'transfer_return':
      return { kind, ...opt('reason', str(f, 'reason')) };
    case 'temp_out':
      return {
        kind,
        until: need(f, 'until'),
        ...opt('to', str(f, 'to')),
        ...opt('reason', str(f, 'reason')),
      };
    case 'temp_return':
      return { kind };
    case 'flow_register': {
      const action = str(f, 'action') ?? 'register';
      if (action !== 'register' && action !== 'cancel')
        throw new InvalidInput('action', '--action must be register or cancel');
      return { kind, action, host: need(f, 'host'), ...opt('until', str(f, 'until')) };
    }
    case 'status': {
      const change = need(f, 'change');
      if (change !== 'full_membership' && change !== 'left' && change !== 'deceased') {
        throw new InvalidInput('change', '--change must be full_membership, left or deceased');
      }
      return { kind, change, date: need(f, 'date'), ...opt('reason', str(f, 'reason')) };
    }
    case 'correction': {
      const amend = { ...opt('name', str(f, 'name')), ...opt('joined', str(f, 'joined')) };
      return {
        kind,
        refers: int(f, 'refers') ?? (need(f, 'refers') as never),
        reason: need(f, 'reason'),
        ...(Object.keys(amend).length ? { amend } : {}),
      };
    }
  }
}
