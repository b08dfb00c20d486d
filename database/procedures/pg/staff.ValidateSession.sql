-- staff.validate_session: who is behind a token (error 2001 when the session is
-- unknown, revoked, idle or past its absolute expiry). Allowed while the account
-- must change its password: must_change_password tells the client to ask for it.
-- expires_at: the earlier of the idle and the absolute expiry, as of now.
-- requires: app.SettingValue
CREATE OR REPLACE FUNCTION staff.validate_session(p_token BYTEA)
RETURNS TABLE (
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
    v_staff_id INT;
    v_idle_minutes INT;
BEGIN
    v_staff_id := app.require_session(p_token, 'operador', TRUE);

    v_idle_minutes := app.setting_value('session_idle_minutes');

    RETURN QUERY
    SELECT
        su.staff_id,
        su.username,
        su.full_name,
        su.role,
        su.must_change_password,
        least(ss.expires_at, ss.last_seen_at + make_interval(mins => v_idle_minutes))
    FROM app.staff_session AS ss
    INNER JOIN app.staff_user AS su ON ss.staff_id = su.staff_id
    WHERE ss.token_hash = sha256(p_token);
END;
$$;
