-- A key's revocation cannot be undone or moved, by anyone: the application role may write a
-- revocation (a dissolved org's keys are revoked by its parent), never clear or change one.
CREATE FUNCTION pmc_keep_revocation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.revoked_at IS NOT NULL AND (NEW.revoked_at IS DISTINCT FROM OLD.revoked_at
      OR NEW.revocation IS DISTINCT FROM OLD.revocation) THEN
    RAISE EXCEPTION 'permission denied: the revocation of key % cannot be undone or changed', OLD.kid
      USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER org_keys_keep_revocation BEFORE UPDATE ON org_keys
  FOR EACH ROW EXECUTE FUNCTION pmc_keep_revocation();
