/**
 * `pmcert endorse <kind> --member MID …`: one command per endorsement kind,
 * each with only its own flags, derived from the kind's intent schema
 * (src/cli/endorse-args.ts). So `--at` is the arrival's destination and an
 * unknown flag on any kind is refused. Registered once per kind in ./index.ts.
 */
import { z } from 'zod';
import type { EndorseKind } from '../../domain/types.ts';
import { LABELS, t } from '../../i18n/messages.ts';
import { endorse } from '../../service/endorse.ts';
import { loadMember } from '../../service/members.ts';
import { camelOf, defineCommand, type Command, type Flag } from '../command.ts';
import { officerOf, withStore } from '../context.ts';
import { defaultSigner, endorseFlags, intentFromFlags } from '../endorse-args.ts';
import { DATA, DATA_INPUT, given, maybe } from '../inputs.ts';

export function endorseCommand(kind: EndorseKind): Command {
  const own = endorseFlags(kind);
  return defineCommand({
    name: `endorse ${kind.replaceAll('_', '-')}`,
    flags: {
      member: { type: 'string', hint: 'MID' },
      ...Object.fromEntries(
        own.map((f): [string, Flag] => [f.flag, { type: 'string', hint: f.hint }]),
      ),
      as: { type: 'string', hint: 'ORG' },
      officer: { type: 'string', hint: 'ID' },
      'idempotency-key': { type: 'string', hint: 'KEY' },
      ...DATA,
    },
    input: z.object({
      ...DATA_INPUT,
      member: given,
      ...Object.fromEntries(own.map((f) => [camelOf(f.flag), f.required ? given : maybe])),
      as: maybe,
      officer: maybe,
      idempotencyKey: maybe,
    }),
    run: (f, cli) =>
      withStore(cli, { data: f.data }, async ({ deps }) => {
        const intent = intentFromFlags(kind, f);
        const { state } = await loadMember(deps, f.member);
        // The org that acts, unless --as says: the first the registry lets sign (src/domain/kinds).
        const org = f.as ?? defaultSigner(state, intent);
        const r = await endorse(deps, {
          memberId: f.member,
          intent,
          actor: { org, officer: officerOf(f.officer, cli) },
          ...(f.idempotencyKey ? { idempotencyKey: f.idempotencyKey } : {}),
        });
        cli.out(
          `${t(LABELS, `kind_${kind}`, cli.lang)} #${r.seq} ${r.hash}${r.replayed ? ' (replayed)' : ''}`,
        );
        return 0;
      }),
  });
}
