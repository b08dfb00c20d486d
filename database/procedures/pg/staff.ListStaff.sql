-- staff.list_staff: every staff account with its state, last login and the
-- failed login attempts of the last 7 days (administrators only).
CREATE OR REPLACE FUNCTION staff.list_staff(p_token BYTEA)
RETURNS TABLE (
    staff_id INT, username VARCHAR, full_name VARCHAR, role VARCHAR, is_active BOOLEAN,
    must_change_password BOOLEAN, is_locked BOOLEAN, locked_until TIMESTAMPTZ, last_login_at TIMESTAMPTZ,
    recent_failed_attempts INT, created_at TIMESTAMPTZ
)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, app, pg_temp
AS $$
BEGIN
    PERFORM app.require_session(p_token, 'administrador');
    RETURN QUERY
    SELECT
        su.staff_id, su.username, su.full_name, su.role, su.is_active, su.must_change_password,
        coalesce(su.locked_until > now(), FALSE), su.locked_until, su.last_login_at,
        (
            SELECT count(*)::INT FROM app.login_attempt AS la
            WHERE
                la.staff_id = su.staff_id AND NOT la.succeeded
                AND la.attempted_at > now() - INTERVAL '7 days'
        ),
        su.created_at
    FROM app.staff_user AS su
    ORDER BY su.is_active DESC, su.full_name, su.staff_id;
END;
$$;
