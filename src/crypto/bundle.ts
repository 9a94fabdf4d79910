/**
 * The certificate bundle (`application/vnd.pmcert.bundle+json`), DESIGN §4:
 * everything needed to verify a member's whole record with only the root key.
 */
import type { DuesLine } from '../domain/dues.ts';

export const BUNDLE_MEDIA_TYPE = 'application/vnd.pmcert.bundle+json';

/** An RFC 9162 inclusion proof: the leaf's index and the hashes (standard base64), leaf side first. */
export interface InclusionProof {
  index: number;
  hashes: string[];
}

/**
 * One of the member's dues lines with what proves it: the batch (compact JWS,
 * `typ: pmc-dues+jwt`) it was signed in, its inclusion proof in the batch's
 * tree, and the batch's inclusion proof in the log (against `checkpoint`).
 */
export interface DuesProofLine {
  batch: string;
  line: DuesLine;
  /** leaf index of the line in the batch */
  index: number;
  /** RFC 9162 inclusion proof of the line in the batch, standard base64, leaf side first */
  hashes: string[];
  /** the batch's leaf in the log and its proof against `checkpoint`; absent when the bundle has none */
  log?: InclusionProof;
}

export interface Bundle {
  v: 1;
  credential: string;
  /** ledger entries, compact JWS, in `seq` order */
  entries: string[];
  /** key certificates from the signers up to the root's self-signed one */
  keys: string[];
  /** revocations of any of those keys (an extension of DESIGN §4: without them a bundle could hide a revocation) */
  revocations: string[];
  /** the member's dues lines, in the order recorded (a correction after the line it replaces) */
  dues: DuesProofLine[];
  /** signed-note checkpoint text, once the transparency log is running */
  checkpoint: string | null;
  proofs: InclusionProof[];
}

/** Largest bundle `pmcert verify` reads: a lifetime of entries is a few hundred KB. */
export const MAX_BUNDLE_BYTES = 4 * 1024 * 1024;
export const MAX_BUNDLE_ENTRIES = 10_000;

/** A list of at most `max` strings. */
export const strings = (v: unknown, max: number): v is string[] =>
  Array.isArray(v) && v.length <= max && v.every((s) => typeof s === 'string');

/** The wire value as an inclusion proof of at most 64 hashes (a tree of 2⁶⁴ leaves), or undefined. */
export function toInclusionProof(v: unknown): InclusionProof | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const { index, hashes } = v as { index?: unknown; hashes?: unknown };
  if (!Number.isSafeInteger(index) || !strings(hashes, 64)) return undefined;
  return { index: index as number, hashes };
}
