-- staff.log_in: check SHA-256(password_key) against the stored verifier and open
-- a session. Every attempt is recorded in app.login_attempt; after
-- login_max_failures consecutive failures the account is locked for
-- login_lockout_minutes. Failures RETURN a row with the registry error id (and
-- NULLs) instead of raising, so the attempt and the failure count are committed.
-- The token (32 random bytes) is returned once; only SHA-256(token) is stored.
-- expires_at: the earlier of the idle and the absolute expiry.
CREATE OR REPLACE FUNCTION staff.log_in(
    p_username VARCHAR,
    p_password_key BYTEA,
    p_client_info VARCHAR
)
RETURNS TABLE (
    error_id INT,
    token BYTEA,
    staff_id INT,
    username VARCHAR,
    full_name VARCHAR,
    role VARCHAR,
    must_change_password BOOLEAN,
    expires_at TIMESTAMPTZ
)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, app, pg_temp
AS $$
DECLARE
    v_username VARCHAR(60) := left(lower(btrim(coalesce(p_username, ''))), 60);
    v_client_info VARCHAR(200) := left(p_client_info, 200);
    v_user app.staff_user%ROWTYPE;
    v_max_failures INT;
    v_lockout_minutes INT;
    v_idle_minutes INT;
    v_max_hours INT;
    v_token BYTEA;
    v_expires TIMESTAMPTZ;
BEGIN
    SELECT
        coalesce(max(s.setting_value) FILTER (WHERE s.setting_key = 'login_max_failures'), 5),
        coalesce(max(s.setting_value) FILTER (WHERE s.setting_key = 'login_lockout_minutes'), 15),
        coalesce(max(s.setting_value) FILTER (WHERE s.setting_key = 'session_idle_minutes'), 30),
        coalesce(max(s.setting_value) FILTER (WHERE s.setting_key = 'session_max_hours'), 12)
    INTO v_max_failures, v_lockout_minutes, v_idle_minutes, v_max_hours
    FROM app.setting AS s;

    -- Row lock: concurrent attempts on one account are counted one after another.
    SELECT su.* INTO v_user
    FROM app.staff_user AS su
    WHERE su.username = v_username
    FOR UPDATE;

    IF NOT FOUND THEN
        INSERT INTO app.login_attempt (username, staff_id, succeeded, outcome, client_info)
        VALUES (v_username, NULL, FALSE, 'desconocido', v_client_info);
        RETURN QUERY SELECT 2004, NULL::BYTEA, NULL::INT, NULL::VARCHAR, NULL::VARCHAR,
            NULL::VARCHAR, NULL::BOOLEAN, NULL::TIMESTAMPTZ;
        RETURN;
    END IF;

    IF v_user.locked_until IS NOT NULL AND v_user.locked_until > now() THEN
        INSERT INTO app.login_attempt (username, staff_id, succeeded, outcome, client_info)
        VALUES (v_username, v_user.staff_id, FALSE, 'bloqueada', v_client_info);
        RETURN QUERY SELECT 2005, NULL::BYTEA, NULL::INT, NULL::VARCHAR, NULL::VARCHAR,
            NULL::VARCHAR, NULL::BOOLEAN, NULL::TIMESTAMPTZ;
        RETURN;
    END IF;

    IF p_password_key IS NULL OR sha256(p_password_key) <> v_user.verifier THEN
        INSERT INTO app.login_attempt (username, staff_id, succeeded, outcome, client_info)
        VALUES (v_username, v_user.staff_id, FALSE, 'clave', v_client_info);
        IF v_user.failed_logins + 1 >= v_max_failures THEN
            -- Lock, and start counting again once the lock has passed.
            UPDATE app.staff_user AS su
            SET
                failed_logins = 0,
                locked_until = now() + make_interval(mins => v_lockout_minutes),
                updated_at = now()
            WHERE su.staff_id = v_user.staff_id;
            RETURN QUERY SELECT 2005, NULL::BYTEA, NULL::INT, NULL::VARCHAR, NULL::VARCHAR,
                NULL::VARCHAR, NULL::BOOLEAN, NULL::TIMESTAMPTZ;
        ELSE
            UPDATE app.staff_user AS su
            SET failed_logins = su.failed_logins + 1, locked_until = NULL
            WHERE su.staff_id = v_user.staff_id;
            RETURN QUERY SELECT 2004, NULL::BYTEA, NULL::INT, NULL::VARCHAR, NULL::VARCHAR,
                NULL::VARCHAR, NULL::BOOLEAN, NULL::TIMESTAMPTZ;
        END IF;
        RETURN;
    END IF;

    -- Only someone who knows the password learns that the account is inactive.
    IF NOT v_user.is_active THEN
        INSERT INTO app.login_attempt (username, staff_id, succeeded, outcome, client_info)
        VALUES (v_username, v_user.staff_id, FALSE, 'inactiva', v_client_info);
        RETURN QUERY SELECT 2006, NULL::BYTEA, NULL::INT, NULL::VARCHAR, NULL::VARCHAR,
            NULL::VARCHAR, NULL::BOOLEAN, NULL::TIMESTAMPTZ;
        RETURN;
    END IF;

    -- 32 random bytes from two v4 UUIDs (gen_random_uuid is the strong source; no pgcrypto).
    v_token := decode(replace(gen_random_uuid()::TEXT, '-', ''), 'hex')
        || decode(replace(gen_random_uuid()::TEXT, '-', ''), 'hex');

    UPDATE app.staff_user AS su
    SET failed_logins = 0, locked_until = NULL, last_login_at = now()
    WHERE su.staff_id = v_user.staff_id;

    INSERT INTO app.login_attempt (username, staff_id, succeeded, outcome, client_info)
    VALUES (v_username, v_user.staff_id, TRUE, 'ok', v_client_info);

    INSERT INTO app.staff_session (token_hash, staff_id, created_at, last_seen_at, expires_at, client_info)
    VALUES (
        sha256(v_token), v_user.staff_id, now(), now(),
        now() + make_interval(hours => v_max_hours), v_client_info
    );

    v_expires := least(
        now() + make_interval(hours => v_max_hours),
        now() + make_interval(mins => v_idle_minutes)
    );
    RETURN QUERY SELECT 0, v_token, v_user.staff_id, v_user.username, v_user.full_name,
        v_user.role, v_user.must_change_password, v_expires;
END;
$$;
