import { writeFileSync } from 'node:fs';
import { z } from 'zod';
import { LABELS, t } from '../../i18n/messages.ts';
import { loadMember } from '../../service/members.ts';
import { qrText, qrVersion, renderQrPng, renderQrSvg } from '../../service/qr.ts';
import { defineCommand } from '../command.ts';
import { withStore } from '../context.ts';
import { DATA, DATA_INPUT, given } from '../inputs.ts';

export const command = defineCommand({
  name: 'qr',
  args: [{ key: 'member', hint: 'MID' }],
  flags: { out: { type: 'string', hint: 'FILE.png|FILE.svg' }, ...DATA },
  input: z.object({
    ...DATA_INPUT,
    member: given,
    out: z.string().regex(/\.(png|svg)$/, 'must end in .png or .svg'),
  }),
  run: (f, cli) =>
    withStore(cli, { data: f.data }, async ({ deps }) => {
      const { row } = await loadMember(deps, f.member);
      const text = qrText(deps.publicUrl, row.credential);
      writeFileSync(
        f.out,
        f.out.endsWith('.svg') ? await renderQrSvg(text) : await renderQrPng(text),
      );
      cli.out(
        `${t(LABELS, 'wrote', cli.lang)} ${f.out} (QR version ${qrVersion(text)}, ${text.length} bytes)`,
      );
      return 0;
    }),
});
