export { organisations } from './organisations.ts';
export { orgKeys } from './org-keys.ts';
export { members } from './members.ts';
export { ledgerEntries } from './ledger-entries.ts';
export { idempotencyKeys } from './idempotency-keys.ts';
export { settings } from './settings.ts';
