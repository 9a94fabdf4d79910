/**
 * C2SP tlog-checkpoint bodies (https://c2sp.org/tlog-checkpoint):
 *
 *     <origin>
 *     <tree size, decimal>
 *     <root hash, standard base64>
 *     [<extension line>…]
 *
 * each line ending in a newline. Signing and opening is note.ts.
 */
import { fromBase64, toBase64 } from './bytes.ts';
import { MerkleError } from './errors.ts';
import { checkHash } from './hash.ts';
import type { NoteVerifier } from './note-key.ts';
import { openNote } from './note.ts';

export interface Checkpoint {
  readonly origin: string;
  readonly size: number;
  readonly root: Uint8Array;
  /** Opaque extra lines, usually none. */
  readonly extensions: readonly string[];
}

const bad = (why: string, cause?: unknown): MerkleError =>
  new MerkleError('MALFORMED_CHECKPOINT', `malformed checkpoint: ${why}`, { cause });

// eslint-disable-next-line no-control-regex
const isLine = (s: string): boolean =>
  typeof s === 'string' && s !== '' && !/[\u0000-\u001f]/.test(s);

/**
 * The checkpoint note text (unsigned body).
 * @example formatCheckpoint({ origin: 'log.example/pmc', size: 8, root }) // 'log.example/pmc\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n'
 */
export function formatCheckpoint(cp: {
  origin: string;
  size: number;
  root: Uint8Array;
  extensions?: readonly string[];
}): string {
  if (!isLine(cp.origin)) throw bad('origin must be one non-empty line');
  if (!Number.isSafeInteger(cp.size) || cp.size < 0)
    throw bad('size must be a non-negative safe integer');
  checkHash('root', cp.root);
  const ext = cp.extensions ?? [];
  if (!ext.every(isLine)) throw bad('extension lines must be non-empty single lines');
  return [cp.origin, String(cp.size), toBase64(cp.root), ...ext].map((l) => `${l}\n`).join('');
}

/**
 * Parses a checkpoint body. Use only on text that openNote has verified.
 * @example const { size, root } = parseCheckpoint(opened.text)
 */
export function parseCheckpoint(text: string): Checkpoint {
  if (typeof text !== 'string' || !text.endsWith('\n')) throw bad('must end with a newline');
  const [origin, sizeText, rootText, ...extensions] = text.slice(0, -1).split('\n');
  if (rootText === undefined) throw bad('needs origin, size and root lines');
  if (!isLine(origin!)) throw bad('origin must be non-empty');
  if (!/^(0|[1-9][0-9]*)$/.test(sizeText!) || !Number.isSafeInteger(Number(sizeText))) {
    throw bad('size must be a decimal number without leading zeros');
  }
  let root: Uint8Array;
  try {
    root = fromBase64(rootText);
  } catch (e) {
    throw bad('root is not base64', e);
  }
  if (root.length !== 32) throw bad('root must be a 32-byte hash');
  if (!extensions.every(isLine)) throw bad('extension lines must be non-empty');
  return { origin: origin!, size: Number(sizeText), root, extensions };
}

/**
 * Opens a signed checkpoint: verifies the note, parses the body and checks the origin.
 * @example const cp = await openCheckpoint(noteText, { origin: 'log.example/pmc', verifiers: [vkey] })
 */
export async function openCheckpoint(
  note: string | Uint8Array,
  opts: { origin: string; verifiers: readonly (NoteVerifier | string)[] },
): Promise<Checkpoint & { signers: string[] }> {
  const opened = await openNote(note, opts.verifiers);
  const cp = parseCheckpoint(opened.text);
  if (cp.origin !== opts.origin)
    throw bad(`origin is ${JSON.stringify(cp.origin)}, want ${JSON.stringify(opts.origin)}`);
  return { ...cp, signers: opened.signers };
}
