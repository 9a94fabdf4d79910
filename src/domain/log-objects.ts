/**
 * Signed objects other than ledger entries that enter the transparency log,
 * each as one leaf (the SHA-256 of its JWS, like an entry): a branch-month of
 * dues, an annual filing. Adding a kind here is all the log and fsck need.
 */
export const LOG_OBJECT_KINDS = ['dues_batch', 'annual_filing'] as const;
export type LogObjectKind = (typeof LOG_OBJECT_KINDS)[number];
