-- staff.list_locations: every location with its campus, active or not.
CREATE OR REPLACE FUNCTION staff.list_locations(p_token BYTEA)
RETURNS TABLE (
    location_id INT, campus_id INT, campus_name VARCHAR, name VARCHAR, kind VARCHAR, building VARCHAR,
    sort_order INT, is_active BOOLEAN
)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, app, pg_temp
AS $$
BEGIN
    PERFORM app.require_session(p_token, 'administrador');
    RETURN QUERY
    SELECT l.location_id, l.campus_id::INT, c.name, l.name, l.kind, l.building, l.sort_order::INT, l.is_active
    FROM app.location AS l
    INNER JOIN app.campus AS c ON l.campus_id = c.campus_id
    ORDER BY c.sort_order, l.sort_order, l.name;
END;
$$;
