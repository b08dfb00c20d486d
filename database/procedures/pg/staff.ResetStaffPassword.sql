-- staff.reset_staff_password: a new temporary password (generated and shown once
-- by the administrator's client): must be changed at next login; the account is
-- unlocked and its open sessions are revoked.
-- requires: app.CheckPasswordParams
CREATE OR REPLACE FUNCTION staff.reset_staff_password(
    p_token BYTEA, p_staff_id INT, p_salt BYTEA, p_iterations INT, p_password_key BYTEA
)
RETURNS VOID
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, app, pg_temp
AS $$
DECLARE
    v_admin_id INT;
    v_username VARCHAR(60);
BEGIN
    v_admin_id := app.require_session(p_token, 'administrador');
    PERFORM app.check_password_params(p_salt, p_iterations, p_password_key);
    UPDATE app.staff_user AS su
    SET
        salt = p_salt, iterations = p_iterations, verifier = sha256(p_password_key),
        must_change_password = TRUE, failed_logins = 0, locked_until = NULL,
        updated_at = now(), row_version = su.row_version + 1
    WHERE su.staff_id = p_staff_id
    RETURNING su.username INTO v_username;
    IF v_username IS NULL THEN
        PERFORM app.raise_error(4002);
    END IF;
    IF p_staff_id <> v_admin_id THEN
        UPDATE app.staff_session AS ss SET revoked_at = now()
        WHERE ss.staff_id = p_staff_id AND ss.revoked_at IS NULL;
    END IF;
    PERFORM app.write_admin_audit(v_admin_id, 'restablecer_contrasena', v_username, NULL);
END;
$$;
