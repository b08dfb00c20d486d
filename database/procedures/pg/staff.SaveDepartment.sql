-- staff.save_department: create (p_department_id NULL) or edit a department or area.
CREATE OR REPLACE FUNCTION staff.save_department(
    p_token BYTEA, p_department_id INT, p_name VARCHAR, p_is_academic BOOLEAN, p_sort_order INT
)
RETURNS TABLE (item_id INT)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, app, pg_temp
AS $$
DECLARE
    v_admin_id INT;
    v_id INT := p_department_id;
    v_name VARCHAR := btrim(p_name);
BEGIN
    v_admin_id := app.require_session(p_token, 'administrador');
    IF v_name IS NULL OR v_name = '' THEN
        PERFORM app.raise_error(4012);
    END IF;
    IF length(v_name) > 120 OR coalesce(p_sort_order, 0) NOT BETWEEN 0 AND 32000 THEN
        PERFORM app.raise_error(4014);
    END IF;
    IF v_id IS NULL THEN
        INSERT INTO app.department (name, is_academic, sort_order)
        VALUES (v_name, coalesce(p_is_academic, FALSE), coalesce(p_sort_order, 0))
        RETURNING department_id INTO v_id;
    ELSE
        UPDATE app.department AS d
        SET name = v_name, is_academic = coalesce(p_is_academic, FALSE), sort_order = coalesce(p_sort_order, 0)
        WHERE d.department_id = v_id;
        IF NOT FOUND THEN
            PERFORM app.raise_error(4011);
        END IF;
    END IF;
    PERFORM app.write_admin_audit(v_admin_id, 'guardar_departamento', v_name, 'id: ' || v_id);
    RETURN QUERY SELECT v_id;
EXCEPTION
    WHEN unique_violation THEN
        PERFORM app.raise_error(4013);
END;
$$;
