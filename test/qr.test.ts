/**
 * The QR a member shows: a real credential's QR text rendered to PNG,
 * decoded back with jsQR, and the symbol size (DESIGN §4: byte mode, ECC M;
 * the credential omits `kid` to stay at version ≤ 16).
 */
import jsQR from 'jsqr';
import pngjs from 'pngjs';
import { describe, expect, it } from 'vitest';
import { b64u, sha256 } from '../src/crypto/bytes.ts';
import {
  CREDENTIAL_TTL_SECONDS,
  issueCredential,
  type CredentialClaims,
} from '../src/crypto/credential.ts';
import { qrText, qrVersion, renderQrPng, renderQrSvg } from '../src/service/qr.ts';
import { NOW, testKey } from './support/pure-fixtures.ts';

const PUBLIC_URL = 'https://pmc.example.cn';

/** A typical credential: 3-character name, realistic org ids, 12-character member id, dues set. */
async function typicalCredential(over: Partial<CredentialClaims> = {}): Promise<string> {
  const key = await testKey('gaj-xzzd', 'qr/gaj-xzzd');
  return issueCredential(
    {
      iss: 'gaj-xzzd',
      sub: 'k3m9q2x7v4tz',
      nam: '王建国',
      org: 'gaj-xzzd',
      st: 'normal',
      seq: 7,
      hd: b64u(await sha256('the newest entry')),
      due: '2026-05',
      iat: NOW,
      exp: NOW + CREDENTIAL_TTL_SECONDS,
      ...over,
    },
    key,
  );
}

function decodePng(png: Uint8Array): string | undefined {
  const image = pngjs.PNG.sync.read(Buffer.from(png));
  const code = jsQR(
    new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length),
    image.width,
    image.height,
  );
  return code?.data;
}

describe('QR', () => {
  it('round-trips a real credential through PNG: jsQR reads back the exact text', async () => {
    const text = qrText(PUBLIC_URL, await typicalCredential());
    expect(text.startsWith(`${PUBLIC_URL}/v#eyJ`)).toBe(true);
    const png = await renderQrPng(text);
    expect([...png.slice(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(decodePng(png)).toBe(text);
  });

  it('round-trips at a small scale too (3 pixels a module)', async () => {
    const text = qrText(
      `${PUBLIC_URL}/`,
      await typicalCredential({ nam: '欧阳明月', org: 'gaj-xzzd-zdd' }),
    );
    expect(text.startsWith(`${PUBLIC_URL}/v#`)).toBe(true);
    expect(decodePng(await renderQrPng(text, 3))).toBe(text);
  });

  it('renders an SVG with a path', async () => {
    const svg = await renderQrSvg(qrText(PUBLIC_URL, await typicalCredential()));
    expect(svg).toMatch(/^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg).toMatch(/<path[^>]* d="M[^"]+"/);
  });

  it('a typical credential fits QR version 16 or less', async () => {
    const text = qrText(PUBLIC_URL, await typicalCredential());
    const version = qrVersion(text);
    console.log(
      `typical credential: QR version ${version}, ${new TextEncoder().encode(text).length} bytes`,
    );
    expect(version).toBeLessThanOrEqual(16);
  });
});
