/**
 * The transparency log: RFC 6962 / RFC 9162 Merkle trees, proofs computed
 * from a node store, C2SP tlog-tiles paths, and C2SP signed-note checkpoints
 * that Go's sumdb/note and sumdb/tlog verify unchanged.
 *
 * Web-standard APIs only (WebCrypto, TextEncoder, btoa/atob): runs on
 * Cloudflare Workers. Every public function is documented, with an example,
 * where it is defined.
 */

export { type MerkleErrorCode, MerkleError } from './errors.ts';

// Hashing and encodings.
export {
  HASH_SIZE,
  decodeHash,
  emptyRoot,
  encodeHash,
  leafHash,
  leafHashSync,
  nodeHash,
  nodeHashSync,
} from './hash.ts';
export { fromBase64, fromHex, toBase64, toHex } from './bytes.ts';

// Verifying proofs (clients).
export { rootFromInclusionProof, verifyConsistency, verifyInclusion } from './proof.ts';

// Making proofs and roots from stored nodes (the log).
export { type NodeId, rangeNodes, rightEdgeNodes } from './nodes.ts';
export { type NodeReader, consistencyProof, inclusionProof, readNodes, rootAt } from './tree.ts';
export { type AppendResult, type StoredNode, CompactRange } from './compact-range.ts';

// Tiles.
export {
  type EntryBundle,
  type Tile,
  TILE_HEIGHT,
  TILE_WIDTH,
  entriesPath,
  newTiles,
  parseTilePath,
  partialTiles,
  tileNodes,
  tilePath,
  tilesForSize,
} from './tiles.ts';

// Signed notes and checkpoints.
export {
  type NoteSignature,
  type NoteSigner,
  type NoteVerifier,
  type OpenedNote,
  MAX_NOTE_BYTES,
  isValidKeyName,
  keyIdHex,
  noteKeyId,
  openNote,
  parseVerifierKey,
  signNote,
  verifierKey,
} from './note.ts';
export {
  type Checkpoint,
  formatCheckpoint,
  openCheckpoint,
  parseCheckpoint,
} from './checkpoint.ts';
