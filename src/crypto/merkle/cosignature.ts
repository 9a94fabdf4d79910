/**
 * C2SP tlog-cosignature/v1 (https://c2sp.org/tlog-cosignature): a signature
 * over a checkpoint that also signs a time, so a verifier learns when the
 * checkpoint existed, not only that it did. The checkpoint body is untouched
 * (Go's sumdb/tlog parses it as before) and the cosignature is one more line
 * in the note's signature block, which Go's note.Open and our openNote skip
 * as a key they do not know (its key ID is of type 0x04, not 0x01).
 *
 *     key ID    = SHA-256(name ‖ "\n" ‖ 0x04 ‖ publicKey)[:4]
 *     signature = key ID ‖ timestamp (uint64 big-endian, seconds) ‖ Ed25519(message)
 *     message   = "cosignature/v1\ntime <timestamp>\n" ‖ checkpoint text
 *
 * pmcert's log cosigns its own checkpoints with its key at signing time; an
 * upper committee uses that time to see an entry dated before a checkpoint
 * that did not contain it (backdated).
 */
import { concat, fromBase64, toBase64 } from './bytes.ts';
import { MerkleError } from './errors.ts';
import {
  ed25519Verify,
  isValidKeyName,
  rawBytes,
  type NoteSigner,
  type NoteVerifier,
} from './note-key.ts';
import { SIG_PREFIX, splitNote } from './note.ts';

const ALG_COSIGNATURE_V1 = 0x04;
const encoder = new TextEncoder();

/** The cosignature key ID: first 4 bytes of SHA-256(name ‖ "\n" ‖ 0x04 ‖ publicKey). */
export async function cosignatureKeyId(name: string, publicKeyRaw: Uint8Array): Promise<number> {
  if (!isValidKeyName(name))
    throw new MerkleError('MALFORMED_KEY', `invalid key name ${JSON.stringify(name)}`);
  if (publicKeyRaw.length !== 32)
    throw new MerkleError('MALFORMED_KEY', 'an Ed25519 public key is 32 bytes');
  const input = concat(
    encoder.encode(name),
    new Uint8Array([0x0a, ALG_COSIGNATURE_V1]),
    publicKeyRaw,
  );
  return new DataView(await crypto.subtle.digest('SHA-256', rawBytes(input))).getUint32(0);
}

function message(text: string, time: number): Uint8Array {
  return encoder.encode(`cosignature/v1\ntime ${time}\n${text}`);
}

/**
 * Adds a cosignature with `time` (whole seconds since the epoch) to a signed checkpoint note.
 * @example const timed = await cosignNote(note, logSigner, Math.floor(Date.now() / 1000))
 */
export async function cosignNote(note: string, signer: NoteSigner, time: number): Promise<string> {
  if (!Number.isSafeInteger(time) || time < 0)
    throw new MerkleError('MALFORMED_NOTE', 'a cosignature time is whole seconds since 1970');
  const { text } = splitNote(note);
  const id = new Uint8Array(4);
  new DataView(id.buffer).setUint32(0, await cosignatureKeyId(signer.name, signer.publicKeyRaw));
  const stamp = new Uint8Array(8);
  new DataView(stamp.buffer).setBigUint64(0, BigInt(time));
  const sig = new Uint8Array(
    await crypto.subtle.sign({ name: 'Ed25519' }, signer.privateKey, rawBytes(message(text, time))),
  );
  return `${note}${SIG_PREFIX}${signer.name} ${toBase64(concat(id, stamp, sig))}\n`;
}

/**
 * The time `verifier`'s key cosigned this note at, or null when it did not cosign it.
 * Throws MerkleError INVALID_SIGNATURE when a cosignature by that key does not verify.
 * @example await cosignedTime(note, logVerifier) // 1767225600
 */
export async function cosignedTime(note: string, verifier: NoteVerifier): Promise<number | null> {
  const { text, lines } = splitNote(note);
  const want = await cosignatureKeyId(verifier.name, verifier.publicKeyRaw);
  for (const line of lines) {
    if (!line.startsWith(`${SIG_PREFIX}${verifier.name} `)) continue;
    let raw: Uint8Array;
    try {
      raw = fromBase64(line.slice(SIG_PREFIX.length + verifier.name.length + 1));
    } catch {
      continue;
    }
    if (raw.length !== 4 + 8 + 64) continue;
    const view = new DataView(raw.buffer, raw.byteOffset);
    if (view.getUint32(0) !== want) continue;
    const big = view.getBigUint64(4);
    const time = Number(big);
    const ok =
      big <= BigInt(Number.MAX_SAFE_INTEGER) &&
      (await ed25519Verify(verifier.publicKeyRaw, raw.subarray(12), message(text, time)));
    if (!ok) throw new MerkleError('INVALID_SIGNATURE', `invalid cosignature by ${verifier.name}`);
    return time;
  }
  return null;
}
