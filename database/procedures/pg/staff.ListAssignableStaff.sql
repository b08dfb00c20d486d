-- staff.list_assignable_staff: active operators and administrators a ticket can be
-- assigned to, with how many open tickets each one holds.
CREATE OR REPLACE FUNCTION staff.list_assignable_staff(p_token BYTEA)
RETURNS TABLE (
    staff_id INT,
    username VARCHAR,
    full_name VARCHAR,
    role VARCHAR,
    open_tickets INT
)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, app, pg_temp
AS $$
#variable_conflict use_column
BEGIN
    PERFORM app.require_session(p_token, 'operador');
    RETURN QUERY
    SELECT
        su.staff_id,
        su.username::VARCHAR,
        su.full_name::VARCHAR,
        su.role::VARCHAR,
        (
            SELECT count(*)::INT
            FROM app.ticket AS t
            INNER JOIN app.status AS s ON t.status_id = s.status_id
            WHERE t.assigned_to = su.staff_id AND s.is_open
        )
    FROM app.staff_user AS su
    WHERE su.is_active
    ORDER BY su.full_name, su.staff_id;
END;
$$;
