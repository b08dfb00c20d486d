-- staff.list_priorities: priorities with their response and resolution targets.
CREATE OR REPLACE FUNCTION staff.list_priorities(p_token BYTEA)
RETURNS TABLE (
    priority_id INT, code VARCHAR, name VARCHAR, rank INT, response_target_hours INT,
    resolution_target_hours INT, is_default BOOLEAN, is_active BOOLEAN
)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, app, pg_temp
AS $$
BEGIN
    PERFORM app.require_session(p_token, 'administrador');
    RETURN QUERY
    SELECT
        p.priority_id::INT, p.code, p.name, p.rank::INT, p.response_target_hours, p.resolution_target_hours,
        p.is_default, p.is_active
    FROM app.priority AS p
    ORDER BY p.rank;
END;
$$;
