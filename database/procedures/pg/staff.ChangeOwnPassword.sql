-- staff.change_own_password: replace the caller's password. Needs the current
-- key (PBKDF2 with the current salt and iterations), a new salt, at least the
-- configured minimum iterations and a different key. Clears
-- must_change_password and revokes every other session of the account.
-- Allowed while the account must change its password (that is its purpose).
-- A wrong current key is a failed login (issue 12): it is recorded in app.login_attempt
-- (outcome 'clave_actual') and counted; the login_max_failures-th locks the account for
-- login_lockout_minutes and ends all its sessions, this one too. Those two answers are
-- RETURNed (error_id 2008 or 2005) so the count is committed; 0 = changed.
-- requires: app.SettingValue
CREATE OR REPLACE FUNCTION staff.change_own_password(
    p_token BYTEA,
    p_current_key BYTEA,
    p_new_salt BYTEA,
    p_new_iterations INT,
    p_new_key BYTEA
)
RETURNS TABLE (error_id INT)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, app, pg_temp
AS $$
DECLARE
    v_staff_id INT;
    v_user app.staff_user%ROWTYPE;
    v_min_iterations INT;
    v_max_failures INT;
    v_lockout_minutes INT;
    v_error_id INT := 0;
BEGIN
    v_staff_id := app.require_session(p_token, 'operador', TRUE);

    IF p_current_key IS NULL OR p_new_salt IS NULL OR p_new_iterations IS NULL OR p_new_key IS NULL THEN
        PERFORM app.raise_error(1001);
    END IF;

    v_min_iterations := app.setting_value('min_pbkdf2_iterations');
    v_max_failures := app.setting_value('login_max_failures');
    v_lockout_minutes := app.setting_value('login_lockout_minutes');
    IF p_new_iterations < v_min_iterations THEN
        PERFORM app.raise_error(2007);
    END IF;
    IF octet_length(p_new_salt) NOT BETWEEN 16 AND 64 OR octet_length(p_new_key) <> 32 THEN
        PERFORM app.raise_error(2011);
    END IF;

    SELECT su.* INTO v_user
    FROM app.staff_user AS su
    WHERE su.staff_id = v_staff_id
    FOR UPDATE;

    IF sha256(p_current_key) <> v_user.verifier THEN
        IF v_user.failed_logins + 1 >= v_max_failures THEN
            v_error_id := 2005;
            UPDATE app.staff_user AS su
            SET
                failed_logins = 0,
                locked_until = now() + make_interval(mins => v_lockout_minutes),
                updated_at = now()
            WHERE su.staff_id = v_staff_id;
            UPDATE app.staff_session AS ss
            SET revoked_at = now()
            WHERE ss.staff_id = v_staff_id AND ss.revoked_at IS NULL;
        ELSE
            v_error_id := 2008;
            UPDATE app.staff_user AS su
            SET failed_logins = su.failed_logins + 1
            WHERE su.staff_id = v_staff_id;
        END IF;
        INSERT INTO app.login_attempt (
            username, staff_id, attempted_at, succeeded, outcome, client_info, source_address
        )
        SELECT
            v_user.username, v_staff_id, now(), FALSE, 'clave_actual', ss.client_info,
            coalesce(host(inet_client_addr()), 'local')
        FROM app.staff_session AS ss
        WHERE ss.token_hash = sha256(p_token);
        RETURN QUERY SELECT v_error_id;
        RETURN;
    END IF;
    IF sha256(p_new_key) = v_user.verifier THEN
        PERFORM app.raise_error(2009);
    END IF;

    UPDATE app.staff_user AS su
    SET
        salt = p_new_salt,
        iterations = p_new_iterations,
        verifier = sha256(p_new_key),
        must_change_password = FALSE,
        failed_logins = 0,
        locked_until = NULL,
        updated_at = now(),
        row_version = su.row_version + 1
    WHERE su.staff_id = v_staff_id;

    UPDATE app.staff_session AS ss
    SET revoked_at = now()
    WHERE
        ss.staff_id = v_staff_id
        AND ss.revoked_at IS NULL
        AND ss.token_hash <> sha256(p_token);

    RETURN QUERY SELECT v_error_id;
END;
$$;
