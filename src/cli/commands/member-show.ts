import { z } from 'zod';
import { LABELS, t } from '../../i18n/messages.ts';
import { showMember } from '../../service/members.ts';
import { defineCommand } from '../command.ts';
import { withStore } from '../context.ts';
import { DATA, DATA_INPUT, given, on } from '../inputs.ts';

export const command = defineCommand({
  name: 'member show',
  args: [{ key: 'member', hint: 'MID' }],
  flags: { json: { type: 'boolean' }, ...DATA },
  input: z.object({ ...DATA_INPUT, member: given, json: on }),
  run: (f, cli) =>
    withStore(cli, { data: f.data }, async ({ deps }) => {
      const m = await showMember(deps, f.member);
      if (f.json) {
        cli.out(JSON.stringify(m, null, 2));
        return 0;
      }
      const L = (k: string) => t(LABELS, k, cli.lang);
      cli.out(
        [
          `${L('member_id')}: ${m.id}`,
          `${L('name')}: ${m.name}`,
          `${L('national_id')}: ${m.nationalId}`,
          `${L('category')}: ${L(`category_${m.category}`)}`,
          `${L('org')}: ${m.org}`,
          `${L('status')}: ${L(`status_${m.status}`)}${m.transfer ? ` → ${m.transfer.to}` : ''}`,
          `${L('entries')}:`,
        ].join('\n'),
      );
      for (const e of m.entries)
        cli.out(
          `  #${e.seq} ${e.at.slice(0, 10)} ${L(`kind_${e.kind}`)} ${e.org} ${JSON.stringify(e.dat)}`,
        );
      return 0;
    }),
});
