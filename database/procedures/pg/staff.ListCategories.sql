-- staff.list_categories: problem categories with their resolution target.
CREATE OR REPLACE FUNCTION staff.list_categories(p_token BYTEA)
RETURNS TABLE (
    category_id INT, name VARCHAR, kind VARCHAR, needs_equipment BOOLEAN, target_hours INT, sort_order INT,
    is_active BOOLEAN
)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, app, pg_temp
AS $$
BEGIN
    PERFORM app.require_session(p_token, 'administrador');
    RETURN QUERY
    SELECT
        pc.category_id::INT, pc.name, pc.kind, pc.needs_equipment, pc.target_hours, pc.sort_order::INT,
        pc.is_active
    FROM app.problem_category AS pc
    ORDER BY pc.sort_order, pc.name;
END;
$$;
