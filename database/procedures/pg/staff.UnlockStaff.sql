-- staff.unlock_staff: clear a lockout and the failed-login counter.
CREATE OR REPLACE FUNCTION staff.unlock_staff(p_token BYTEA, p_staff_id INT)
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
    UPDATE app.staff_user AS su
    SET failed_logins = 0, locked_until = NULL, updated_at = now(), row_version = su.row_version + 1
    WHERE su.staff_id = p_staff_id
    RETURNING su.username INTO v_username;
    IF v_username IS NULL THEN
        PERFORM app.raise_error(4002);
    END IF;
    PERFORM app.write_admin_audit(v_admin_id, 'desbloquear_cuenta', v_username, NULL);
END;
$$;
