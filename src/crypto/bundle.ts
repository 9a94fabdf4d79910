/**
 * The certificate bundle (`application/vnd.pmcert.bundle+json`), DESIGN §4:
 * everything needed to verify a member's whole record with only the root key.
 */
export const BUNDLE_MEDIA_TYPE = 'application/vnd.pmcert.bundle+json';

export interface DuesProofLine {
  /** the dues batch entry (compact JWS) this line belongs to */
  batch: string;
  month: string; // YYYY-MM
  amount: number; // fen
  index: number;
  hashes: string[];
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
  dues: DuesProofLine[];
  /** signed-note checkpoint text, once the transparency log is running */
  checkpoint: string | null;
  proofs: { index: number; hashes: string[] }[];
}

/** Largest bundle `pmcert verify` reads: a lifetime of entries is a few hundred KB. */
export const MAX_BUNDLE_BYTES = 4 * 1024 * 1024;
export const MAX_BUNDLE_ENTRIES = 10_000;
