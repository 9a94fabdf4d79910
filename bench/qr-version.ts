/**
 * QR version and byte length of typical credentials (DESIGN §4: byte mode,
 * ECC level M), for 2-, 3- and 4-character names, with and without `due`.
 * Target: version ≤ 16, so a phone reads it from a screen at arm's length.
 *
 * Run: node --import tsx bench/qr-version.ts
 */
import { b64u, sha256 } from '../src/crypto/bytes.ts';
import { CREDENTIAL_TTL_SECONDS, issueCredential } from '../src/crypto/credential.ts';
import { qrText, qrVersion } from '../src/service/qr.ts';
import { NOW, testKey } from '../test/support/pure-fixtures.ts';

const PUBLIC_URL = 'https://pmc.example.cn';
const TARGET = 16;

const key = await testKey('gaj-xzzd', 'bench/gaj-xzzd');
const hd = b64u(await sha256('the newest entry'));
const names = [
  ['2 characters', '李明'],
  ['3 characters', '王建国'],
  ['4 characters', '欧阳明月'],
] as const;

const rows: string[][] = [['name', 'due', 'iss / org', 'QR version', 'bytes', `≤ ${TARGET}`]];
let worst = 0;
for (const [label, nam] of names) {
  for (const due of [undefined, '2026-05']) {
    for (const [iss, org] of [
      ['gaj-xzzd', 'gaj-xzzd'],
      ['gaj-xzzd', 'gaj-xzzd-zdd1'],
    ] as const) {
      const token = await issueCredential(
        {
          iss,
          sub: 'k3m9q2x7v4tz',
          nam,
          org,
          st: 'normal',
          seq: 12,
          hd,
          ...(due ? { due } : {}),
          iat: NOW,
          exp: NOW + CREDENTIAL_TTL_SECONDS,
        },
        key,
      );
      const text = qrText(PUBLIC_URL, token);
      const version = qrVersion(text);
      worst = Math.max(worst, version);
      rows.push([
        `${nam} (${label})`,
        due ?? '—',
        `${iss} / ${org}`,
        String(version),
        String(new TextEncoder().encode(text).length),
        version <= TARGET ? 'yes' : 'NO',
      ]);
    }
  }
}

const width = (s: string) =>
  [...s].reduce((w, ch) => w + (/[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 2 : 1), 0);
const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => width(r[i]!))));
const pad = (s: string, w: number, right: boolean) =>
  right ? ' '.repeat(w - width(s)) + s : s + ' '.repeat(w - width(s));
const line = (r: string[]) =>
  `| ${r.map((c, i) => pad(c, widths[i]!, i >= 3 && i <= 4)).join(' | ')} |`;
console.log(
  `QR text ${PUBLIC_URL}/v#<credential>, byte mode, ECC M, member id 12 chars, no kid in the header`,
);
console.log(line(rows[0]!));
console.log(
  `|${widths.map((w, i) => '-'.repeat(w + 1) + (i >= 3 && i <= 4 ? ':' : '-')).join('|')}|`,
);
for (const r of rows.slice(1)) console.log(line(r));
console.log(
  `\nworst typical: version ${worst} — target ≤ ${TARGET}: ${worst <= TARGET ? 'met' : 'NOT met'}`,
);

// Headroom: how far from the edge the longest plausible credential is (not part of the target).
const stress = await issueCredential(
  {
    iss: 'gaj-xzzd-zdd1',
    sub: 'k3m9q2x7v4tz',
    nam: '欧阳明月',
    org: 'gaj-xzzd-zdd1',
    st: 'in_transit',
    seq: 123,
    hd,
    due: '2026-05',
    iat: NOW,
    exp: NOW + CREDENTIAL_TTL_SECONDS,
  },
  key,
);
const stressText = qrText(PUBLIC_URL, stress);
console.log(
  `headroom check (4-char name, in_transit, seq 123, 13-char org ids): version ${qrVersion(stressText)}, ${new TextEncoder().encode(stressText).length} bytes`,
);
