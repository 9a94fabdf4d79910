-- pmcert: what the application role may do — the one source of truth (docs/deploy.md step 3).
--
-- The application role (`pmcert_app`: the Worker through Hyperdrive, `pmcert serve`) gets
-- DML only, and on the append-only tables — the ledger, the transparency log, the audit
-- trail, dues batches and lines, annual filings — INSERT and SELECT only: it can add to
-- history, never change or remove it. UPDATE is granted only on the columns that are
-- designed to move (a member's head, a session's last-seen time, …), DELETE only where a
-- row is transient, each with the reason beside it. The owner (`pmcert_owner`, who runs
-- `pmcert migrate`, `pmcert init`, `pmcert keys …` and `pmcert restore`) keeps everything.
--
-- Run it as the owner after every `pmcert migrate` (it starts from nothing, so running it
-- again, or over the old blanket grants, leaves exactly these):
--
--     psql "$OWNER_URL" -v ON_ERROR_STOP=1 -1 -f docs/grants.sql
--
-- For another role name: sed 's/pmcert_app/my_app_role/g' docs/grants.sql | psql … -f -
-- New tables get nothing by default: a migration that adds a table adds its line here
-- (test/store/grants.test.ts fails until it does, and runs the app's workload as this role).
-- Statements end with `;` at the end of a line; comments are whole lines.

REVOKE ALL ON ALL TABLES IN SCHEMA public FROM pmcert_app;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM pmcert_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON TABLES FROM pmcert_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON SEQUENCES FROM pmcert_app;
GRANT USAGE ON SCHEMA public TO pmcert_app;

-- ---- append-only: INSERT and SELECT, nothing else ----

-- The ledger. Reached through the partitioned parent only (privileges on the parent cover
-- its partitions, so the yearly partitions `pmcert migrate` adds need no grant).
GRANT SELECT, INSERT ON ledger_entries TO pmcert_app;
-- Filled by the ledger_entries trigger, which runs as the inserting role.
GRANT SELECT, INSERT ON ledger_positions TO pmcert_app;
-- The transparency log: leaves, the tree's nodes (integration adds them), signed checkpoints,
-- and the signed objects that are not ledger entries.
GRANT SELECT, INSERT ON log_leaves TO pmcert_app;
GRANT SELECT, INSERT ON log_nodes TO pmcert_app;
GRANT SELECT, INSERT ON log_checkpoints TO pmcert_app;
GRANT SELECT, INSERT ON log_objects TO pmcert_app;
-- The audit trail (and its id sequence).
GRANT SELECT, INSERT ON audit_events TO pmcert_app;
GRANT USAGE ON SEQUENCE audit_events_id_seq TO pmcert_app;
-- 党费: a signed branch-month and its lines (a correction is a new line naming the old one).
GRANT SELECT, INSERT ON dues_batches TO pmcert_app;
GRANT SELECT, INSERT ON dues_lines TO pmcert_app;
-- Annual filings: every version, acceptance and return is a new row.
GRANT SELECT, INSERT ON annual_filings TO pmcert_app;
-- HR moves as the HR system posted them.
GRANT SELECT, INSERT ON hr_moves TO pmcert_app;

-- ---- installation facts ----

-- Written by `pmcert init` (the owner); the app only reads them (root id, log key, origin).
GRANT SELECT ON settings TO pmcert_app;
-- Org keys: a new org (the org-tree import) gets its key here. No UPDATE: revoking a key is
-- the administrator's `pmcert keys revoke`, run as the owner, so the app cannot clear a
-- revocation.
GRANT SELECT, INSERT ON org_keys TO pmcert_app;
-- Dissolving an org (POST /api/orgs/{id}/dissolve) revokes its keys, signed by its parent.
-- A revocation once written cannot be cleared or changed, by any role: the trigger
-- org_keys_keep_revocation (migration 0010) refuses it with 42501.
GRANT UPDATE (revoked_at, revocation) ON org_keys TO pmcert_app;
-- Organisations: added by the org-tree import. UPDATE (name) only because recording a
-- branch-month of dues locks the org's row (SELECT … FOR UPDATE, src/store/dues.ts), and
-- PostgreSQL requires UPDATE on some column for a row lock; the name is the one column a
-- rename would move. No parent or id change.
GRANT SELECT, INSERT ON organisations TO pmcert_app;
GRANT UPDATE (name) ON organisations TO pmcert_app;
-- Renames, moves (the parent and the list of earlier parents) and dissolutions (issue 11).
GRANT UPDATE (parent_id, moves, dissolved_at, updated_at) ON organisations TO pmcert_app;

-- ---- rows designed to move ----

-- Members: the profile plus the head of their ledger. Every append moves the head (seq, head,
-- credential) and the state it derives (org, status, name, category, personnel, dates) in the
-- same transaction as the entry; dues move dues_through. Never the national ID (sealed, its
-- index, its mask), the birth date, gender, ethnicity, cadre flag or the id.
GRANT SELECT, INSERT ON members TO pmcert_app;
GRANT UPDATE (org_id, status, name, category, personnel, credential, seq, head, full_on, joined_on, dues_through, updated_at) ON members TO pmcert_app;
-- The base and kind a member declared last, to prefill the next dues table (an upsert).
GRANT SELECT, INSERT ON dues_profiles TO pmcert_app;
GRANT UPDATE (base_fen, kind, updated_at) ON dues_profiles TO pmcert_app;
-- The log's size counter: each append increments it (INSERT … ON CONFLICT DO UPDATE).
GRANT SELECT, INSERT ON log_counter TO pmcert_app;
GRANT UPDATE (size) ON log_counter TO pmcert_app;
-- Idempotency keys: DELETE because a refused append removes the key it inserted in the
-- same transaction, so a retry can try again (src/store/append.ts).
GRANT SELECT, INSERT, DELETE ON idempotency_keys TO pmcert_app;

-- ---- logins ----

-- Accounts: a password change, the generated-password flag, disabling. Roles are added; no
-- DELETE on either (a route that takes a role away would need DELETE on officer_roles).
GRANT SELECT, INSERT ON accounts TO pmcert_app;
GRANT UPDATE (password_hash, must_change_password, disabled_at) ON accounts TO pmcert_app;
GRANT SELECT, INSERT ON officer_roles TO pmcert_app;
-- A secretary changes or takes away a role (PUT/DELETE /api/accounts/{id}/roles/{org}); dissolving an org removes its roles.
GRANT UPDATE (role), DELETE ON officer_roles TO pmcert_app;
-- Sessions: last-seen moves (idle timeout), logout sets revoked_at; DELETE because ended
-- sessions (expired, idle, logged out) are purged at each login (src/service/sessions.ts).
GRANT SELECT, INSERT, DELETE ON sessions TO pmcert_app;
GRANT UPDATE (last_seen_at, revoked_at) ON sessions TO pmcert_app;
-- API tokens: revocation and last use.
GRANT SELECT, INSERT ON api_tokens TO pmcert_app;
GRANT UPDATE (revoked_at, last_used_at) ON api_tokens TO pmcert_app;
-- Login throttle: counters, transient by design (counted, refunded, forgotten after rest).
GRANT SELECT, INSERT, UPDATE, DELETE ON login_throttle TO pmcert_app;

-- ---- the Worker's schema check (src/store/schema-status.ts) ----

GRANT USAGE ON SCHEMA drizzle TO pmcert_app;
GRANT SELECT ON drizzle.__drizzle_migrations TO pmcert_app;
