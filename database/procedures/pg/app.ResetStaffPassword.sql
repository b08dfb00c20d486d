-- app.reset_staff_password: the DBA's way back in (owner only, never granted;
-- run by `python -m tools.bootstrap_admin --restablecer USUARIO`). Sets a new
-- temporary password that must be changed at the next login, unlocks the
-- account and revokes its sessions. Does not reactivate an inactive account.
-- Recorded in app.login_attempt as 'restablecida': until the account's next successful
-- login, its right (temporary) password passes the lock and the source limit of
-- staff.log_in, so strangers' failures cannot keep the last administrator out.
-- requires: app.SettingValue
CREATE OR REPLACE FUNCTION app.reset_staff_password(
    p_username VARCHAR,
    p_salt BYTEA,
    p_iterations INT,
    p_password_key BYTEA
)
RETURNS TABLE (staff_id INT)
LANGUAGE plpgsql
SET search_path = pg_catalog, app, pg_temp
AS $$
DECLARE
    v_username VARCHAR(200) := lower(btrim(coalesce(p_username, '')));
    v_min_iterations INT;
    v_staff_id INT;
BEGIN
    IF p_salt IS NULL OR p_iterations IS NULL OR p_password_key IS NULL THEN
        PERFORM app.raise_error(1001);
    END IF;
    v_min_iterations := app.setting_value('min_pbkdf2_iterations');
    IF p_iterations < v_min_iterations THEN
        PERFORM app.raise_error(2007);
    END IF;
    IF octet_length(p_salt) NOT BETWEEN 16 AND 64 OR octet_length(p_password_key) <> 32 THEN
        PERFORM app.raise_error(2011);
    END IF;

    UPDATE app.staff_user AS su
    SET
        salt = p_salt,
        iterations = p_iterations,
        verifier = sha256(p_password_key),
        must_change_password = TRUE,
        failed_logins = 0,
        locked_until = NULL,
        updated_at = now(),
        row_version = su.row_version + 1
    WHERE su.username = v_username
    RETURNING su.staff_id INTO v_staff_id;

    IF v_staff_id IS NULL THEN
        PERFORM app.raise_error(2014);
    END IF;

    UPDATE app.staff_session AS ss
    SET revoked_at = now()
    WHERE ss.staff_id = v_staff_id AND ss.revoked_at IS NULL;

    INSERT INTO app.login_attempt (
        username, staff_id, attempted_at, succeeded, outcome, client_info, source_address
    )
    VALUES (
        v_username, v_staff_id, now(), FALSE, 'restablecida', 'tools.bootstrap_admin',
        coalesce(host(inet_client_addr()), 'local')
    );

    RETURN QUERY SELECT v_staff_id;
END;
$$;
