import { describe, expect, it } from 'vitest';
import { concat, fromBase64 } from './bytes.ts';
import { type NoteSigner, keyIdHex, noteKeyId, parseVerifierKey, verifierKey } from './note-key.ts';
import { MAX_NOTE_BYTES, openNote, signNote } from './note.ts';

// golang.org/x/mod/sumdb/note note_test.go: keys, text and signatures.
const PETER_VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const PETER_SKEY = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const ENOCH_VKEY = 'EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop';
const TEXT =
  "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const PETER_SIG =
  '— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n';
const ENOCH_SIG =
  '— EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n';

/** An Ed25519 seed as a WebCrypto key: PKCS#8 is a fixed 16-byte prefix and the seed. */
async function signerFromGoKey(skey: string): Promise<NoteSigner> {
  // PRIVATE+KEY+<name>+<hex key ID>+<base64(0x01 ‖ seed)>; the base64 may itself contain '+'.
  const [, name, seedText] = /^PRIVATE\+KEY\+([^+]+)\+[0-9a-f]{8}\+(.+)$/.exec(skey)!;
  const seed = fromBase64(seedText!);
  expect(seed[0]).toBe(1);
  const pkcs8 = new Uint8Array(
    concat(
      Uint8Array.from([
        0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04,
        0x20,
      ]),
      seed.slice(1),
    ),
  );
  const privateKey = await crypto.subtle.importKey('pkcs8', pkcs8, { name: 'Ed25519' }, true, [
    'sign',
  ]);
  const jwk = await crypto.subtle.exportKey('jwk', privateKey);
  const publicKeyRaw = Uint8Array.from(atob(jwk.x!.replace(/-/g, '+').replace(/_/g, '/')), (c) =>
    c.charCodeAt(0),
  );
  return { name: name!, privateKey, publicKeyRaw };
}

async function freshSigner(name: string): Promise<NoteSigner> {
  const pair = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, [
    'sign',
    'verify',
  ])) as CryptoKeyPair;
  const publicKeyRaw = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
  return { name, privateKey: pair.privateKey, publicKeyRaw };
}

const code = (c: string) => expect.objectContaining({ code: c });

describe('verifier keys (Go sumdb/note compatible)', () => {
  it('parses PeterNeumann and recomputes key ID c74f20a3 from the name and key bytes', async () => {
    const v = await parseVerifierKey(PETER_VKEY);
    expect(v.name).toBe('PeterNeumann');
    expect(keyIdHex(v.keyId)).toBe('c74f20a3');
    expect(keyIdHex(await noteKeyId('PeterNeumann', v.publicKeyRaw))).toBe('c74f20a3');
    expect(await verifierKey('PeterNeumann', v.publicKeyRaw)).toBe(PETER_VKEY);
  });

  it('derives the Go verifier key from the Go private key', async () => {
    const s = await signerFromGoKey(PETER_SKEY);
    expect(await verifierKey(s.name, s.publicKeyRaw)).toBe(PETER_VKEY);
  });

  it('refuses every substring and every one-character change (as Go TestNewVerifier)', async () => {
    const vkey = PETER_VKEY;
    for (let i = 0; i <= vkey.length; i++) {
      for (let j = i + 1; j <= vkey.length; j++) {
        if (i === 0 && j === vkey.length) continue;
        await expect(parseVerifierKey(vkey.slice(i, j)), vkey.slice(i, j)).rejects.toThrow();
      }
    }
    for (let i = 0; i < vkey.length; i++) {
      const bad =
        vkey.slice(0, i) + String.fromCharCode(vkey.charCodeAt(i) + 1) + vkey.slice(i + 1);
      await expect(parseVerifierKey(bad), bad).rejects.toThrow();
    }
    // Wrong key length and unknown algorithm, each with an adjusted key ID (Go's own cases).
    await expect(
      parseVerifierKey(
        'PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==',
      ),
    ).rejects.toThrow(code('MALFORMED_KEY'));
    await expect(
      parseVerifierKey('PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'),
    ).rejects.toThrow(code('MALFORMED_KEY'));
  });
});

describe('signNote', () => {
  it('produces exactly Go’s signed note for PeterNeumann (Ed25519 is deterministic)', async () => {
    const signer = await signerFromGoKey(PETER_SKEY);
    expect(await signNote(TEXT, signer)).toBe(`${TEXT}\n${PETER_SIG}`);
  });

  it('round-trips with a fresh key, and several signers', async () => {
    const a = await freshSigner('log.example/pmc');
    const b = await freshSigner('witness.example');
    const note = await signNote('hello\n', [a, b]);
    const opened = await openNote(note, [
      await verifierKey(a.name, a.publicKeyRaw),
      await verifierKey(b.name, b.publicKeyRaw),
    ]);
    expect(opened).toEqual({
      text: 'hello\n',
      signers: ['log.example/pmc', 'witness.example'],
      unverified: [],
    });
  });

  it('refuses text without a final newline, bad names and mismatched key pairs', async () => {
    const a = await freshSigner('a');
    const b = await freshSigner('b');
    await expect(signNote('abc', a)).rejects.toThrow(code('MALFORMED_NOTE'));
    await expect(signNote('a\u0001b\n', a)).rejects.toThrow(code('MALFORMED_NOTE'));
    await expect(signNote(TEXT, { ...a, name: 'a+b' })).rejects.toThrow(code('MALFORMED_KEY'));
    await expect(signNote(TEXT, { ...a, name: 'bad name' })).rejects.toThrow(code('MALFORMED_KEY'));
    await expect(signNote(TEXT, { ...a, publicKeyRaw: b.publicKeyRaw })).rejects.toThrow(
      code('MALFORMED_KEY'),
    );
    await expect(signNote('x'.repeat(MAX_NOTE_BYTES) + '\n', a)).rejects.toThrow(
      code('NOTE_TOO_LARGE'),
    );
  });
});

describe('openNote (as Go TestOpen)', () => {
  const note = (...sigs: string[]) => `${TEXT}\n${sigs.join('')}`;

  it('one signature verified, one by an unknown key ignored', async () => {
    const opened = await openNote(note(PETER_SIG, ENOCH_SIG), [PETER_VKEY]);
    expect(opened.text).toBe(TEXT);
    expect(opened.signers).toEqual(['PeterNeumann']);
    expect(opened.unverified).toEqual([{ name: 'EnochRoot', keyId: 0xaf0cfe78 }]);
  });

  it('both verified', async () => {
    expect((await openNote(note(PETER_SIG, ENOCH_SIG), [PETER_VKEY, ENOCH_VKEY])).signers).toEqual([
      'PeterNeumann',
      'EnochRoot',
    ]);
  });

  it('no known signature: refused', async () => {
    await expect(openNote(note(PETER_SIG, ENOCH_SIG), [])).rejects.toThrow(code('UNVERIFIED_NOTE'));
    await expect(openNote(note(ENOCH_SIG), [PETER_VKEY])).rejects.toThrow(code('UNVERIFIED_NOTE'));
  });

  it('accepts the note as bytes', async () => {
    expect(
      (await openNote(new TextEncoder().encode(note(PETER_SIG)), [PETER_VKEY])).signers,
    ).toEqual(['PeterNeumann']);
  });

  it('a signature with the right name but another key ID is someone else’s: ignored', async () => {
    const wrongId = PETER_SIG.replace('x08g', 'xxxx');
    await expect(openNote(note(wrongId), [PETER_VKEY])).rejects.toThrow(code('UNVERIFIED_NOTE'));
    expect((await openNote(note(wrongId, PETER_SIG), [PETER_VKEY])).unverified).toEqual([
      { name: 'PeterNeumann', keyId: 0xc71c71a3 }, // base64 'xxxxo/' → c7 1c 71 a3
    ]);
  });

  it('a signature by the right key ID but wrong bytes rejects the whole note', async () => {
    const inserted = PETER_SIG.slice(0, 60) + 'ABCD' + PETER_SIG.slice(60); // Go's case: longer signature
    await expect(openNote(note(inserted), [PETER_VKEY])).rejects.toThrow(code('INVALID_SIGNATURE'));
    const flipped = PETER_SIG.replace('RyyBwJnAM=', 'RyyBwJnAA=');
    await expect(openNote(note(flipped), [PETER_VKEY])).rejects.toThrow(code('INVALID_SIGNATURE'));
    // Stricter than Go, which skips a repeated signature by the same key unchecked.
    await expect(openNote(note(PETER_SIG, flipped), [PETER_VKEY])).rejects.toThrow(
      code('INVALID_SIGNATURE'),
    );
  });

  it('a changed text fails the signature', async () => {
    await expect(
      openNote(`${TEXT.replace('answer', 'Answer')}\n${PETER_SIG}`, [PETER_VKEY]),
    ).rejects.toThrow(code('INVALID_SIGNATURE'));
  });

  it('an extra blank line before the signatures changes the signed text', async () => {
    await expect(openNote(`${TEXT}\n\n${PETER_SIG}`, [PETER_VKEY])).rejects.toThrow(
      code('INVALID_SIGNATURE'),
    );
  });

  it.each([
    ['text only', TEXT],
    ['text and blank line', `${TEXT}\n`],
    ['missing blank line', `${TEXT}${PETER_SIG}`],
    ['last line without newline', `${TEXT}\n${PETER_SIG.slice(0, -1)}`],
    ['blank line after the signatures', `${TEXT}\n${PETER_SIG}\n`],
    ['control character', `\u0001${TEXT}\n${PETER_SIG}`],
    ['carriage return', `${TEXT.replace('\n', '\r\n')}\n${PETER_SIG}`],
    ['lone surrogate', `\ud800${TEXT}\n${PETER_SIG}`],
    [
      'name with a space',
      `${TEXT}\n— Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`,
    ],
    ['unexpected line', `${TEXT}\n${PETER_SIG}Unexpected line.\n`],
    ['hyphen instead of em dash', `${TEXT}\n${PETER_SIG.replace('—', '-')}`],
    ['two spaces', `${TEXT}\n${PETER_SIG.replace('PeterNeumann ', 'PeterNeumann  ')}`],
    ['bad base64', `${TEXT}\n${PETER_SIG.replace('x08go', 'x08g!')}`],
    ['missing padding', `${TEXT}\n${PETER_SIG.replace('=\n', '\n')}`],
    ['signature too short', `${TEXT}\n— PeterNeumann x08gow==\n`],
    ['no signature', `${TEXT}\n— PeterNeumann\n`],
    ['101 signatures', `${TEXT}\n${PETER_SIG.repeat(101)}`],
  ])('malformed: %s', async (_, text) => {
    await expect(openNote(text, [PETER_VKEY])).rejects.toThrow(code('MALFORMED_NOTE'));
  });

  it('refuses invalid UTF-8 bytes', async () => {
    const bytes = new TextEncoder().encode(note(PETER_SIG));
    bytes[3] = 0xff;
    await expect(openNote(bytes, [PETER_VKEY])).rejects.toThrow(code('MALFORMED_NOTE'));
  });

  it('refuses notes over 1 MiB unread, as text or bytes', async () => {
    const big = `${'a'.repeat(MAX_NOTE_BYTES)}\n\n${PETER_SIG}`;
    await expect(openNote(big, [PETER_VKEY])).rejects.toThrow(code('NOTE_TOO_LARGE'));
    await expect(openNote(new TextEncoder().encode(big), [PETER_VKEY])).rejects.toThrow(
      code('NOTE_TOO_LARGE'),
    );
    // Multi-byte characters count as bytes, not UTF-16 units.
    const wide = `${'中'.repeat(MAX_NOTE_BYTES / 3 + 1)}\n\n${PETER_SIG}`;
    await expect(openNote(wide, [PETER_VKEY])).rejects.toThrow(code('NOTE_TOO_LARGE'));
  });

  it('refuses two trusted keys with the same name and key ID', async () => {
    const v = await parseVerifierKey(PETER_VKEY);
    const twin = { ...v, publicKeyRaw: v.publicKeyRaw.map((b, i) => (i === 0 ? b ^ 1 : b)) };
    await expect(openNote(note(PETER_SIG), [v, twin])).rejects.toThrow(code('AMBIGUOUS_KEY'));
    // The same key twice is not ambiguous.
    expect((await openNote(note(PETER_SIG), [v, PETER_VKEY])).signers).toEqual(['PeterNeumann']);
  });

  it('a signer listed twice is reported once', async () => {
    expect((await openNote(note(PETER_SIG, PETER_SIG), [PETER_VKEY])).signers).toEqual([
      'PeterNeumann',
    ]);
  });
});
