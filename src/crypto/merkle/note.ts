/**
 * C2SP signed notes (https://c2sp.org/signed-note) with Ed25519, byte for
 * byte the format of Go's golang.org/x/mod/sumdb/note, so Go tools verify
 * what we sign and we verify what they sign.
 *
 *     <text, ending in a newline>
 *     <blank line>
 *     — <key name> base64(key ID ‖ signature)
 *
 * Keys and key IDs are note-key.ts. Where the spec leaves room we are stricter than Go: every signature by a
 * known key is verified (Go skips a repeated one), and base64 must be
 * canonical.
 */
import { bytesEqual, concat, fromBase64, toBase64 } from './bytes.ts';
import { MerkleError } from './errors.ts';
import {
  type NoteSigner,
  type NoteVerifier,
  ed25519Verify,
  hex8,
  isCleanText,
  isValidKeyName,
  noteKeyId,
  parseVerifierKey,
  rawBytes,
} from './note-key.ts';

// note.ts stays the one import for everything about notes; the key helpers live in note-key.ts.
export {
  type NoteSigner,
  type NoteVerifier,
  isValidKeyName,
  keyIdHex,
  noteKeyId,
  parseVerifierKey,
  verifierKey,
} from './note-key.ts';

/** Notes above this many UTF-8 bytes are refused unread. */
export const MAX_NOTE_BYTES = 1 << 20;
/** As Go: more signature lines than this is a malformed note (the spec asks for at least 16). */
const MAX_SIGNATURES = 100;
/** What every signature line starts with: an em dash and a space. */
export const SIG_PREFIX = '\u2014 ';
const ED25519 = { name: 'Ed25519' } as const;
const encoder = new TextEncoder();

export interface NoteSignature {
  readonly name: string;
  readonly keyId: number;
}

export interface OpenedNote {
  /** The signed text, final newline included. Only this text is vouched for. */
  readonly text: string;
  /** Names of the known keys whose signatures verified, in note order, each once. */
  readonly signers: string[];
  /** Signatures by keys not in the verifier list, ignored as the spec says. */
  readonly unverified: NoteSignature[];
}

const malformed = (why: string, cause?: unknown): MerkleError =>
  new MerkleError('MALFORMED_NOTE', `malformed note: ${why}`, { cause });

/**
 * Splits a signed note into its text (final newline included) and its signature lines, unchecked.
 * Throws MerkleError MALFORMED_NOTE when there is no signature block.
 * @example splitNote('hello\n\n— k AQ==\n') // { text: 'hello\n', lines: ['— k AQ=='] }
 */
export function splitNote(note: string): { text: string; lines: string[] } {
  const split = note.lastIndexOf('\n\n');
  if (split < 0) throw malformed('no blank line before the signatures');
  const block = note.slice(split + 2);
  if (block === '' || !block.endsWith('\n'))
    throw malformed('signature block must be non-empty lines ending in newlines');
  return { text: note.slice(0, split + 1), lines: block.slice(0, -1).split('\n') };
}

function checkNoteText(text: string): Uint8Array {
  if (typeof text !== 'string' || !text.endsWith('\n'))
    throw malformed('text must end with a newline');
  if (!isCleanText(text)) throw malformed('text has a control character or is not valid UTF-8');
  const encoded = encoder.encode(text);
  if (encoded.length > MAX_NOTE_BYTES)
    throw new MerkleError('NOTE_TOO_LARGE', `note text is over ${MAX_NOTE_BYTES} bytes`);
  return encoded;
}

/**
 * Signs `text` (which must end in a newline) and returns the signed note.
 * @example const note = await signNote(formatCheckpoint(cp), { name: origin, privateKey, publicKeyRaw })
 */
export async function signNote(
  text: string,
  signers: NoteSigner | readonly NoteSigner[],
): Promise<string> {
  const msg = checkNoteText(text);
  const list = Array.isArray(signers) ? signers : [signers as NoteSigner];
  if (list.length === 0)
    throw new MerkleError('MALFORMED_KEY', 'signNote needs at least one signer');
  let lines = '';
  for (const s of list) {
    const id = await noteKeyId(s.name, s.publicKeyRaw);
    const sig = new Uint8Array(await crypto.subtle.sign(ED25519, s.privateKey, rawBytes(msg)));
    // A key pair mix-up would publish checkpoints nobody can verify: refuse it here.
    if (!(await ed25519Verify(s.publicKeyRaw, sig, msg))) {
      throw new MerkleError(
        'MALFORMED_KEY',
        `private key of ${s.name} does not match its publicKeyRaw`,
      );
    }
    const idBytes = new Uint8Array(4);
    new DataView(idBytes.buffer).setUint32(0, id);
    lines += `${SIG_PREFIX}${s.name} ${toBase64(concat(idBytes, sig))}\n`;
  }
  return `${text}\n${lines}`;
}

function decodeNote(note: string | Uint8Array): string {
  if (note instanceof Uint8Array) {
    if (note.length > MAX_NOTE_BYTES)
      throw new MerkleError('NOTE_TOO_LARGE', `note is over ${MAX_NOTE_BYTES} bytes`);
    try {
      return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(note);
    } catch (e) {
      throw malformed('not valid UTF-8', e);
    }
  }
  if (typeof note !== 'string') throw malformed('not a string');
  // UTF-16 length ≤ UTF-8 length, so this refuses huge input before encoding it.
  if (note.length > MAX_NOTE_BYTES || encoder.encode(note).length > MAX_NOTE_BYTES) {
    throw new MerkleError('NOTE_TOO_LARGE', `note is over ${MAX_NOTE_BYTES} bytes`);
  }
  return note;
}

async function resolveVerifiers(
  verifiers: readonly (NoteVerifier | string)[],
): Promise<Map<string, NoteVerifier[]>> {
  const byId = new Map<string, NoteVerifier[]>();
  for (const v of verifiers) {
    const parsed = typeof v === 'string' ? await parseVerifierKey(v) : v;
    const key = `${parsed.name}+${hex8(parsed.keyId)}`;
    const same = byId.get(key) ?? [];
    if (!same.some((o) => bytesEqual(o.publicKeyRaw, parsed.publicKeyRaw))) same.push(parsed);
    byId.set(key, same);
  }
  return byId;
}

/**
 * Verifies a signed note against trusted keys (objects or verifier key strings). Signatures by
 * unknown keys are ignored; at least one known key must have signed, and every signature by a
 * known key must verify. Throws MerkleError otherwise.
 * @example const { text, signers } = await openNote(body, ['log.example/pmc+1a2b3c4d+AR…'])
 */
export async function openNote(
  note: string | Uint8Array,
  verifiers: readonly (NoteVerifier | string)[],
): Promise<OpenedNote> {
  const all = decodeNote(note);
  if (!isCleanText(all)) throw malformed('control character or invalid UTF-8');
  const { text, lines } = splitNote(all);

  const known = await resolveVerifiers(verifiers);
  const msg = encoder.encode(text);
  const signers: string[] = [];
  const unverified: NoteSignature[] = [];
  if (lines.length > MAX_SIGNATURES) throw malformed(`more than ${MAX_SIGNATURES} signatures`);
  for (const line of lines) {
    if (!line.startsWith(SIG_PREFIX)) throw malformed('signature line must start with "— "');
    const rest = line.slice(SIG_PREFIX.length);
    const space = rest.indexOf(' ');
    const name = space < 0 ? rest : rest.slice(0, space);
    const b64 = space < 0 ? '' : rest.slice(space + 1);
    if (!isValidKeyName(name)) throw malformed(`invalid key name in ${JSON.stringify(line)}`);
    let raw: Uint8Array;
    try {
      raw = fromBase64(b64);
    } catch (e) {
      throw malformed(`signature of ${name} is not base64`, e);
    }
    if (raw.length < 5) throw malformed(`signature of ${name} is too short`);
    const keyId = new DataView(raw.buffer, raw.byteOffset).getUint32(0);
    const candidates = known.get(`${name}+${hex8(keyId)}`);
    if (!candidates) {
      if (!unverified.some((u) => u.name === name && u.keyId === keyId))
        unverified.push({ name, keyId });
      continue;
    }
    if (candidates.length > 1)
      throw new MerkleError('AMBIGUOUS_KEY', `two trusted keys are ${name}+${hex8(keyId)}`);
    if (!(await ed25519Verify(candidates[0]!.publicKeyRaw, raw.subarray(4), msg))) {
      throw new MerkleError(
        'INVALID_SIGNATURE',
        `invalid signature for key ${name}+${hex8(keyId)}`,
      );
    }
    if (!signers.includes(name)) signers.push(name);
  }
  if (signers.length === 0)
    throw new MerkleError('UNVERIFIED_NOTE', 'note has no signature by a known key');
  return { text, signers, unverified };
}
