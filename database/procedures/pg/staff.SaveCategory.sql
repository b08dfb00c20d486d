-- staff.save_category: create (p_category_id NULL) or edit a problem category.
-- Saving an existing row with nothing changed writes nothing (no Bitácora line): changed is FALSE.
CREATE OR REPLACE FUNCTION staff.save_category(
    p_token BYTEA, p_category_id INT, p_name VARCHAR, p_kind VARCHAR, p_needs_equipment BOOLEAN,
    p_target_hours INT, p_sort_order INT
)
RETURNS TABLE (item_id INT, changed BOOLEAN)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, app, pg_temp
AS $$
DECLARE
    v_admin_id INT;
    v_changed BOOLEAN := TRUE;
    v_id INT := p_category_id;
    v_name VARCHAR := btrim(p_name);
BEGIN
    v_admin_id := app.require_session(p_token, 'administrador');
    IF v_name IS NULL OR v_name = '' THEN
        PERFORM app.raise_error(4012);
    END IF;
    IF
        length(v_name) > 80 OR p_kind IS NULL OR p_kind NOT IN ('servicio', 'equipo')
        OR p_target_hours IS NULL OR p_target_hours NOT BETWEEN 1 AND 8760
        OR coalesce(p_sort_order, 0) NOT BETWEEN 0 AND 32000
    THEN
        PERFORM app.raise_error(4014);
    END IF;
    IF v_id IS NULL THEN
        INSERT INTO app.problem_category (name, kind, needs_equipment, target_hours, sort_order)
        VALUES (v_name, p_kind, coalesce(p_needs_equipment, FALSE), p_target_hours, coalesce(p_sort_order, 0))
        RETURNING category_id INTO v_id;
    ELSE
        UPDATE app.problem_category AS pc
        SET
            name = v_name, kind = p_kind, needs_equipment = coalesce(p_needs_equipment, FALSE),
            target_hours = p_target_hours, sort_order = coalesce(p_sort_order, 0)
        WHERE
            pc.category_id = v_id
            -- nothing changed: no write, no line in the Bitácora
            AND (pc.name, pc.kind, pc.needs_equipment, pc.target_hours, pc.sort_order)
            IS DISTINCT FROM (
                v_name, p_kind, coalesce(p_needs_equipment, FALSE), p_target_hours, coalesce(p_sort_order, 0)
            );
        v_changed := FOUND;
        IF NOT v_changed AND NOT EXISTS (SELECT 1 FROM app.problem_category AS pc WHERE pc.category_id = v_id) THEN
            PERFORM app.raise_error(4011);
        END IF;
    END IF;
    IF v_changed THEN
        PERFORM app.write_admin_audit(v_admin_id, CASE WHEN p_category_id IS NULL THEN 'crear_categoria' ELSE 'editar_categoria' END, v_name, 'id: ' || v_id);
    END IF;
    RETURN QUERY SELECT v_id, v_changed;
EXCEPTION
    WHEN unique_violation THEN
        PERFORM app.raise_error(4013);
END;
$$;
