-- staff.save_department: create (p_department_id NULL) or edit a department or area.
-- Saving an existing row with nothing changed writes nothing (no Bitácora line): changed is FALSE.
CREATE OR REPLACE FUNCTION staff.save_department(
    p_token BYTEA, p_department_id INT, p_name VARCHAR, p_is_academic BOOLEAN, p_sort_order INT
)
RETURNS TABLE (item_id INT, changed BOOLEAN)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, app, pg_temp
AS $$
DECLARE
    v_admin_id INT;
    v_changed BOOLEAN := TRUE;
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
        WHERE
            d.department_id = v_id
            -- nothing changed: no write, no line in the Bitácora
            AND (d.name, d.is_academic, d.sort_order)
            IS DISTINCT FROM (v_name, coalesce(p_is_academic, FALSE), coalesce(p_sort_order, 0));
        v_changed := FOUND;
        IF NOT v_changed AND NOT EXISTS (SELECT 1 FROM app.department AS d WHERE d.department_id = v_id) THEN
            PERFORM app.raise_error(4011);
        END IF;
    END IF;
    IF v_changed THEN
        PERFORM app.write_admin_audit(v_admin_id, CASE WHEN p_department_id IS NULL THEN 'crear_departamento' ELSE 'editar_departamento' END, v_name, 'id: ' || v_id);
    END IF;
    RETURN QUERY SELECT v_id, v_changed;
EXCEPTION
    WHEN unique_violation THEN
        PERFORM app.raise_error(4013);
END;
$$;
