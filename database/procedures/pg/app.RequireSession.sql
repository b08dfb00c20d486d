-- app.require_session: the staff id behind a session token, or error 2001
-- (unknown, revoked, idle or absolute expiry, inactive user) / 2002 (role) /
-- 2003 (the account must change its password first).
-- p_required_role 'operador' admits every staff role; 'administrador' only admins.
-- p_allow_must_change: TRUE only for the procedures a user with a temporary
-- password may call (validate_session, change_own_password).
-- last_seen_at is refreshed at most once a minute to keep reads cheap.
DROP FUNCTION IF EXISTS app.require_session(BYTEA, VARCHAR);

-- requires: app.SettingValue
CREATE OR REPLACE FUNCTION app.require_session(
    p_token BYTEA,
    p_required_role VARCHAR,
    p_allow_must_change BOOLEAN DEFAULT FALSE
)
RETURNS INT
LANGUAGE plpgsql
SET search_path = pg_catalog, app, pg_temp
AS $$
DECLARE
    v_session_id BIGINT;
    v_staff_id INT;
    v_role VARCHAR(20);
    v_must_change BOOLEAN;
    v_last_seen TIMESTAMPTZ;
    v_idle_minutes INT;
BEGIN
    IF p_token IS NULL THEN
        PERFORM app.raise_error(2001);
    END IF;

    v_idle_minutes := app.setting_value('session_idle_minutes');

    SELECT ss.session_id, ss.staff_id, su.role, su.must_change_password, ss.last_seen_at
    INTO v_session_id, v_staff_id, v_role, v_must_change, v_last_seen
    FROM app.staff_session AS ss
    INNER JOIN app.staff_user AS su ON ss.staff_id = su.staff_id
    WHERE
        ss.token_hash = sha256(p_token)
        AND ss.revoked_at IS NULL
        AND ss.expires_at > now()
        AND ss.last_seen_at > now() - make_interval(mins => v_idle_minutes)
        AND su.is_active;

    IF v_staff_id IS NULL THEN
        PERFORM app.raise_error(2001);
    END IF;
    IF v_must_change AND NOT coalesce(p_allow_must_change, FALSE) THEN
        PERFORM app.raise_error(2003);
    END IF;
    IF p_required_role = 'administrador' AND v_role <> 'administrador' THEN
        PERFORM app.raise_error(2002);
    END IF;

    IF v_last_seen < now() - INTERVAL '1 minute' THEN
        UPDATE app.staff_session SET last_seen_at = now()
        WHERE session_id = v_session_id;
    END IF;
    RETURN v_staff_id;
END;
$$;
