-- staff.list_departments: every department or area, active or not.
CREATE OR REPLACE FUNCTION staff.list_departments(p_token BYTEA)
RETURNS TABLE (department_id INT, name VARCHAR, is_academic BOOLEAN, sort_order INT, is_active BOOLEAN)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, app, pg_temp
AS $$
BEGIN
    PERFORM app.require_session(p_token, 'administrador');
    RETURN QUERY
    SELECT d.department_id::INT, d.name, d.is_academic, d.sort_order::INT, d.is_active
    FROM app.department AS d
    ORDER BY d.sort_order, d.name;
END;
$$;
