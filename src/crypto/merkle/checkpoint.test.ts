import { describe, expect, it } from 'vitest';
import { fromHex, toBase64, toHex } from './bytes.ts';
import { formatCheckpoint, openCheckpoint, parseCheckpoint } from './checkpoint.ts';
import { verifierKey } from './note-key.ts';
import { signNote } from './note.ts';

// A real sum.golang.org checkpoint and the Go checksum database's public key, as
// used in transparency-dev/formats log/note_test.go (TestSumDBNoteParsing).
const SUMDB_VKEY = 'sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8';
const SUMDB_NOTE = `go.sum database tree
6476701
mb8QLQIs0Z0yP5Cstq6guj87oXWeC9gEM8oVikmm9Wk=

— sum.golang.org Az3grsLX85Gz+s1SiTbgkuqxgItqFq7gsMUEyVnrsa9LM7Us9S+1xbFIGu95949rj4nPRYfvimWEPWL+o3GeoWwOoAw=
`;

const ROOT8 = fromHex('5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328');
const code = (c: string) => expect.objectContaining({ code: c });

describe('openCheckpoint', () => {
  it('verifies a checkpoint signed by Go’s sum.golang.org', async () => {
    const cp = await openCheckpoint(SUMDB_NOTE, {
      origin: 'go.sum database tree',
      verifiers: [SUMDB_VKEY],
    });
    expect(cp.size).toBe(6476701);
    expect(toBase64(cp.root)).toBe('mb8QLQIs0Z0yP5Cstq6guj87oXWeC9gEM8oVikmm9Wk=');
    expect(cp.signers).toEqual(['sum.golang.org']);
    expect(cp.extensions).toEqual([]);
  });

  it('refuses the wrong origin, and a changed size', async () => {
    await expect(
      openCheckpoint(SUMDB_NOTE, {
        origin: 'Go rocks but I might have the wrong ID',
        verifiers: [SUMDB_VKEY],
      }),
    ).rejects.toThrow(code('MALFORMED_CHECKPOINT'));
    await expect(
      openCheckpoint(SUMDB_NOTE.replace('6476701', '6476702'), {
        origin: 'go.sum database tree',
        verifiers: [SUMDB_VKEY],
      }),
    ).rejects.toThrow(code('INVALID_SIGNATURE'));
  });

  it('round-trips a checkpoint we sign', async () => {
    const pair = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, [
      'sign',
      'verify',
    ])) as CryptoKeyPair;
    const publicKeyRaw = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
    const origin = 'pmcert.example/log';
    const body = formatCheckpoint({ origin, size: 8, root: ROOT8 });
    const note = await signNote(body, { name: origin, privateKey: pair.privateKey, publicKeyRaw });
    const cp = await openCheckpoint(note, {
      origin,
      verifiers: [await verifierKey(origin, publicKeyRaw)],
    });
    expect(cp.size).toBe(8);
    expect(toHex(cp.root)).toBe(toHex(ROOT8));
  });
});

describe('formatCheckpoint / parseCheckpoint', () => {
  it('formats the three lines, each ending in a newline', () => {
    expect(formatCheckpoint({ origin: 'log.example/pmc', size: 8, root: ROOT8 })).toBe(
      'log.example/pmc\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n',
    );
  });

  it('round-trips extension lines and size 0', () => {
    const cp = { origin: 'o', size: 0, root: ROOT8, extensions: ['a b', 'c'] };
    expect(parseCheckpoint(formatCheckpoint(cp))).toEqual(cp);
    expect(
      parseCheckpoint(formatCheckpoint({ origin: 'o', size: 2 ** 53 - 1, root: ROOT8 })).size,
    ).toBe(2 ** 53 - 1);
  });

  it.each([
    ['insufficient lines', 'Log\n123\n'],
    ['empty origin', '\n123\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n'],
    ['missing final newline', 'Log\n123\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg='],
    ['size not a number', 'Log\nbananas\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n'],
    ['negative size', 'Log\n-34\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n'],
    ['leading zero', 'Log\n0123\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n'],
    ['plus sign', 'Log\n+5\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n'],
    [
      'size too large',
      'Log\n3438945738945739845734895735\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n',
    ],
    ['root not base64', "Log\n123\nThisIsn'tBase64\n"],
    ['root not 32 bytes', 'Log\n123\nYmFuYW5hcw==\n'],
    ['empty extension line', 'Log\n123\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n\n'],
  ])('parse refuses %s', (_, text) => {
    expect(() => parseCheckpoint(text)).toThrow(code('MALFORMED_CHECKPOINT'));
  });

  it.each([
    ['empty origin', { origin: '', size: 1, root: ROOT8 }],
    ['origin with a newline', { origin: 'a\nb', size: 1, root: ROOT8 }],
    ['fractional size', { origin: 'o', size: 1.5, root: ROOT8 }],
    ['empty extension', { origin: 'o', size: 1, root: ROOT8, extensions: [''] }],
  ])('format refuses %s', (_, cp) => {
    expect(() => formatCheckpoint(cp)).toThrow(code('MALFORMED_CHECKPOINT'));
  });
});
