import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { toPublicJwk } from '../crypto/keys.ts';
import { verifyBundle } from '../crypto/verify-bundle.ts';
import { nationalIdCheckChar } from '../domain/national-id.ts';
import { say, t, LABELS, VERIFY_TITLES } from '../i18n/messages.ts';
import { exportBundle } from '../service/bundle.ts';
import { endorse } from '../service/endorse.ts';
import { enroll } from '../service/members.ts';
import { addOrg, initInstallation } from '../service/orgs.ts';
import { qrText, qrVersion, renderQrPng } from '../service/qr.ts';
import { getSetting } from '../store/queries.ts';
import type { CliEnv, Opened } from './context.ts';

/** A small demo tree: 组织部 → 公安局党委 → two 支部, and one 党委 next to it. */
export const DEMO_TREE = [
  { id: 'gaj', name: '市公安局党委', type: 'committee', parent: 'root' },
  { id: 'gaj-xz', name: '刑侦支队党支部', type: 'branch', parent: 'gaj' },
  { id: 'gaj-jj', name: '交警支队党支部', type: 'branch', parent: 'gaj' },
  { id: 'jyj', name: '市教育局党委', type: 'committee', parent: 'root' },
  { id: 'jyj-y1', name: '第一中学党支部', type: 'branch', parent: 'jyj' },
] as const;

/** A national ID with a correct GB 11643 check character, for demo data. */
export const demoNationalId = (region: string, birth: string, serial: string): string => {
  const first17 = `${region}${birth.replaceAll('-', '')}${serial}`;
  return first17 + nationalIdCheckChar(first17);
};

/**
 * `npm start` for now: builds the demo tree once, then walks one member
 * through enroll → 转出签注 → 报到签注, exports and verifies the bundle.
 */
export async function runDemo({ deps, dataDir }: Opened, cli: CliEnv): Promise<number> {
  const rootFile = join(dataDir, 'root.jwk');
  if (!(await getSetting(deps.db, 'root_org'))) {
    const { rootJwk } = await initInstallation(deps, { id: 'root', name: '市委组织部' });
    writeFileSync(rootFile, `${JSON.stringify(rootJwk, null, 2)}\n`);
    for (const org of DEMO_TREE) await addOrg(deps, { ...org });
    cli.out(say(cli.lang, `已在 ${dataDir} 创建演示组织树`, `demo tree created in ${dataDir}`));
  }
  const officer = 'demo-officer';
  const serial = String(Math.floor(Math.random() * 900) + 100);
  const { id } = await enroll(
    deps,
    {
      org: 'gaj-xz',
      name: '张卫国',
      gender: 'M',
      birth: '1985-03-12',
      nationalId: demoNationalId('110105', '1985-03-12', serial),
      joined: '2010-07-01',
      personnel: 'police',
    },
    { org: 'gaj-xz', officer },
  );
  cli.out(
    say(cli.lang, `已登记 张卫国（编号 ${id}）于 gaj-xz`, `enrolled 张卫国 as ${id} at gaj-xz`),
  );
  await endorse(deps, {
    memberId: id,
    intent: { kind: 'transfer_out', to: 'jyj-y1', reason: '工作调动' },
    actor: { org: 'gaj-xz', officer },
  });
  cli.out(`${t(LABELS, 'kind_transfer_out', cli.lang)} gaj-xz → jyj-y1`);
  const arrived = await endorse(deps, {
    memberId: id,
    intent: { kind: 'arrival' },
    actor: { org: 'jyj-y1', officer },
  });
  cli.out(`${t(LABELS, 'kind_arrival', cli.lang)} jyj-y1`);

  const bundleFile = join(dataDir, `bundle-${id}.json`);
  writeFileSync(bundleFile, `${JSON.stringify(await exportBundle(deps, id), null, 2)}\n`);
  const text = qrText(deps.publicUrl, arrived.credential);
  const qrFile = join(dataDir, `qr-${id}.png`);
  writeFileSync(qrFile, await renderQrPng(text));
  const root = toPublicJwk(JSON.parse(readFileSync(rootFile, 'utf8')));
  const r = await verifyBundle(readFileSync(bundleFile, 'utf8'), root, deps.now(), {
    verifier: deps.verifier,
  });
  cli.out(
    say(
      cli.lang,
      `证书包 ${bundleFile}\n二维码 ${qrFile}（版本 ${qrVersion(text)}）`,
      `bundle ${bundleFile}\nQR ${qrFile} (version ${qrVersion(text)})`,
    ),
  );
  cli.out(
    `${say(cli.lang, '验证', 'verify')}: ${r.valid ? t(VERIFY_TITLES, 'VALID', cli.lang) : `${r.code} ${r.message}`}`,
  );
  cli.out(
    `\n${say(cli.lang, '下一步', 'next')}: npx pmcert verify ${bundleFile} --root ${rootFile}`,
  );
  return r.valid ? 0 : 1;
}
