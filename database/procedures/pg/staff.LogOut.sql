-- staff.log_out: revoke the session of this token. Quiet and idempotent: an
-- unknown, expired or already revoked token is not an error.
CREATE OR REPLACE FUNCTION staff.log_out(p_token BYTEA)
RETURNS VOID
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, app, pg_temp
AS $$
BEGIN
    IF p_token IS NULL THEN
        RETURN;
    END IF;
    UPDATE app.staff_session AS ss
    SET revoked_at = now()
    WHERE ss.token_hash = sha256(p_token) AND ss.revoked_at IS NULL;
END;
$$;
