-- staff.save_location: create (p_location_id NULL) or edit a location of a campus.
-- Saving an existing row with nothing changed writes nothing (no Bitácora line): changed is FALSE.
CREATE OR REPLACE FUNCTION staff.save_location(
    p_token BYTEA, p_location_id INT, p_campus_id INT, p_name VARCHAR, p_kind VARCHAR, p_building VARCHAR,
    p_sort_order INT
)
RETURNS TABLE (item_id INT, changed BOOLEAN)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, app, pg_temp
AS $$
DECLARE
    v_admin_id INT;
    v_changed BOOLEAN := TRUE;
    v_id INT := p_location_id;
    v_name VARCHAR := btrim(p_name);
BEGIN
    v_admin_id := app.require_session(p_token, 'administrador');
    IF v_name IS NULL OR v_name = '' THEN
        PERFORM app.raise_error(4012);
    END IF;
    IF
        length(v_name) > 120 OR length(p_building) > 60 OR coalesce(p_sort_order, 0) NOT BETWEEN 0 AND 32000
        OR p_kind IS NULL
        OR p_kind NOT IN ('edificio', 'laboratorio', 'aula', 'oficina', 'auditorio', 'biblioteca', 'otro')
    THEN
        PERFORM app.raise_error(4014);
    END IF;
    IF NOT EXISTS (SELECT 1 FROM app.campus AS c WHERE c.campus_id = p_campus_id) THEN
        PERFORM app.raise_error(4015);
    END IF;
    IF v_id IS NULL THEN
        INSERT INTO app.location (campus_id, name, kind, building, sort_order)
        VALUES (p_campus_id, v_name, p_kind, nullif(btrim(p_building), ''), coalesce(p_sort_order, 0))
        RETURNING location_id INTO v_id;
    ELSE
        UPDATE app.location AS l
        SET
            campus_id = p_campus_id, name = v_name, kind = p_kind, building = nullif(btrim(p_building), ''),
            sort_order = coalesce(p_sort_order, 0)
        WHERE
            l.location_id = v_id
            -- nothing changed: no write, no line in the Bitácora
            AND (l.campus_id, l.name, l.kind, l.building, l.sort_order)
            IS DISTINCT FROM (p_campus_id, v_name, p_kind, nullif(btrim(p_building), ''), coalesce(p_sort_order, 0));
        v_changed := FOUND;
        IF NOT v_changed AND NOT EXISTS (SELECT 1 FROM app.location AS l WHERE l.location_id = v_id) THEN
            PERFORM app.raise_error(4011);
        END IF;
    END IF;
    IF v_changed THEN
        PERFORM app.write_admin_audit(v_admin_id, CASE WHEN p_location_id IS NULL THEN 'crear_ubicacion' ELSE 'editar_ubicacion' END, v_name, 'id: ' || v_id);
    END IF;
    RETURN QUERY SELECT v_id, v_changed;
EXCEPTION
    WHEN unique_violation THEN
        PERFORM app.raise_error(4013);
END;
$$;
