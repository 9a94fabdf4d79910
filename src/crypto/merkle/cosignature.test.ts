import { describe, expect, it } from 'vitest';
import { formatCheckpoint, openCheckpoint } from './checkpoint.ts';
import { cosignatureKeyId, cosignedTime, cosignNote } from './cosignature.ts';
import { fromBase64, toBase64 } from './bytes.ts';
import { noteKeyId, parseVerifierKey, verifierKey, type NoteSigner } from './note-key.ts';
import { openNote, signNote } from './note.ts';

const ORIGIN = 'pmc.example.cn/log';
const T = 1_767_225_600; // 2026-01-01T00:00:00Z

async function logSigner(name = ORIGIN): Promise<NoteSigner> {
  const pair = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, [
    'sign',
    'verify',
  ])) as CryptoKeyPair;
  const raw = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
  return { name, privateKey: pair.privateKey, publicKeyRaw: raw };
}

async function timedCheckpoint(signer: NoteSigner, time = T) {
  const text = formatCheckpoint({ origin: ORIGIN, size: 7, root: new Uint8Array(32).fill(9) });
  return cosignNote(await signNote(text, signer), signer, time);
}

describe('C2SP tlog-cosignature/v1 on our own checkpoints', () => {
  it('keeps the checkpoint readable by a note verifier that knows only the log key', async () => {
    const s = await logSigner();
    const vkey = await verifierKey(s.name, s.publicKeyRaw);
    const note = await timedCheckpoint(s);
    const opened = await openNote(note, [vkey]);
    expect(opened.signers).toEqual([ORIGIN]);
    // The cosignature is a key of another type (0x04): skipped as unknown, as Go's note.Open does.
    expect(opened.unverified).toEqual([
      { name: ORIGIN, keyId: await cosignatureKeyId(s.name, s.publicKeyRaw) },
    ]);
    expect(await cosignatureKeyId(s.name, s.publicKeyRaw)).not.toBe(
      await noteKeyId(s.name, s.publicKeyRaw),
    );
    expect((await openCheckpoint(note, { origin: ORIGIN, verifiers: [vkey] })).size).toBe(7);
  });

  it('gives back the signed time, and null for a note the key did not cosign', async () => {
    const s = await logSigner();
    const v = await parseVerifierKey(await verifierKey(s.name, s.publicKeyRaw));
    expect(await cosignedTime(await timedCheckpoint(s), v)).toBe(T);
    const plain = await signNote(
      formatCheckpoint({ origin: ORIGIN, size: 7, root: new Uint8Array(32) }),
      s,
    );
    expect(await cosignedTime(plain, v)).toBeNull();
    const other = await logSigner();
    const ov = await parseVerifierKey(await verifierKey(other.name, other.publicKeyRaw));
    expect(await cosignedTime(await timedCheckpoint(s), ov)).toBeNull();
  });

  it('refuses a cosignature whose time or checkpoint was changed', async () => {
    const s = await logSigner();
    const v = await parseVerifierKey(await verifierKey(s.name, s.publicKeyRaw));
    const note = await timedCheckpoint(s);
    const lines = note.split('\n');
    const last = lines.at(-2)!;
    const b64 = last.slice(last.lastIndexOf(' ') + 1);
    const raw = fromBase64(b64);
    new DataView(raw.buffer, raw.byteOffset).setBigUint64(4, BigInt(T - 86_400)); // a day earlier
    const earlier = note.replace(b64, toBase64(raw));
    await expect(cosignedTime(earlier, v)).rejects.toMatchObject({ code: 'INVALID_SIGNATURE' });
    const otherSize = note.replace('\n7\n', '\n8\n');
    await expect(cosignedTime(otherSize, v)).rejects.toMatchObject({ code: 'INVALID_SIGNATURE' });
  });

  it('signs the message the spec names: "cosignature/v1\\ntime <t>\\n" and the checkpoint', async () => {
    const s = await logSigner();
    const note = await timedCheckpoint(s, 42);
    const text = note.slice(0, note.lastIndexOf('\n\n') + 1);
    const raw = fromBase64(note.split('\n').at(-2)!.split(' ').at(-1)!);
    expect(raw.length).toBe(4 + 8 + 64);
    expect(new DataView(raw.buffer, raw.byteOffset).getBigUint64(4)).toBe(42n);
    const key = await crypto.subtle.importKey('raw', s.publicKeyRaw.slice(), 'Ed25519', false, [
      'verify',
    ]);
    const msg = new TextEncoder().encode(`cosignature/v1\ntime 42\n${text}`);
    expect(await crypto.subtle.verify('Ed25519', key, raw.slice(12), msg)).toBe(true);
  });
});
