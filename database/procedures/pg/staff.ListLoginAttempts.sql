-- staff.list_login_attempts: the latest login attempts of one account (newest first).
CREATE OR REPLACE FUNCTION staff.list_login_attempts(p_token BYTEA, p_staff_id INT, p_max_rows INT DEFAULT 100)
RETURNS TABLE (
    attempt_id BIGINT, attempted_at TIMESTAMPTZ, succeeded BOOLEAN, outcome VARCHAR, client_info VARCHAR
)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, app, pg_temp
AS $$
BEGIN
    PERFORM app.require_session(p_token, 'administrador');
    IF NOT EXISTS (SELECT 1 FROM app.staff_user AS su WHERE su.staff_id = p_staff_id) THEN
        PERFORM app.raise_error(4002);
    END IF;
    RETURN QUERY
    SELECT la.attempt_id, la.attempted_at, la.succeeded, la.outcome, la.client_info
    FROM app.login_attempt AS la
    WHERE la.staff_id = p_staff_id
    ORDER BY la.attempted_at DESC, la.attempt_id DESC
    LIMIT least(greatest(coalesce(p_max_rows, 100), 1), 1000);
END;
$$;
