-- staff.list_campuses: the campuses (for catalog and statistics filters).
CREATE OR REPLACE FUNCTION staff.list_campuses(p_token BYTEA)
RETURNS TABLE (campus_id INT, code VARCHAR, name VARCHAR, address VARCHAR, sort_order INT, is_active BOOLEAN)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, app, pg_temp
AS $$
BEGIN
    PERFORM app.require_session(p_token, 'administrador');
    RETURN QUERY
    SELECT c.campus_id::INT, c.code, c.name, c.address, c.sort_order::INT, c.is_active
    FROM app.campus AS c
    ORDER BY c.sort_order, c.name;
END;
$$;
