import { z } from 'zod';
import { revokeKeyAndReissue } from '../../service/key-revocation.ts';
import { defineCommand } from '../command.ts';
import { withStore } from '../context.ts';
import { DATA, DATA_INPUT, given, maybe } from '../inputs.ts';

/** An ISO date-time as seconds since the epoch. */
const instant = z
  .string()
  .refine((s) => Number.isFinite(Date.parse(s)), 'an ISO date-time, e.g. 2026-07-01T08:00:00Z')
  .transform((s) => Math.floor(Date.parse(s) / 1000));

export const command = defineCommand({
  name: 'keys revoke',
  flags: {
    kid: { type: 'string', hint: 'KID' },
    at: { type: 'string', hint: 'ISO-TIME' },
    reason: { type: 'string', hint: 'TEXT' },
    ...DATA,
  },
  input: z.object({ ...DATA_INPUT, kid: given, at: instant.optional(), reason: maybe }),
  run: (f, cli) =>
    withStore(cli, { data: f.data }, async ({ deps }) => {
      // The members' credentials the key signed are re-issued with the org's current key (issue 9 item 11).
      await revokeKeyAndReissue(deps, f.kid, f.at ?? deps.now(), f.reason);
      cli.out(`revoked ${f.kid}`);
      return 0;
    }),
});
