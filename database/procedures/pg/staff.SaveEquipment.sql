-- staff.save_equipment: create (p_equipment_id NULL) or edit one equipment item.
-- Saving an existing row with nothing changed writes nothing (no Bitácora line): changed is FALSE.
CREATE OR REPLACE FUNCTION staff.save_equipment(
    p_token BYTEA, p_equipment_id INT, p_inventory_tag VARCHAR, p_serial_number VARCHAR, p_brand VARCHAR,
    p_model VARCHAR, p_kind VARCHAR, p_location_id INT
)
RETURNS TABLE (item_id INT, changed BOOLEAN)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, app, pg_temp
AS $$
DECLARE
    v_admin_id INT;
    v_changed BOOLEAN := TRUE;
    v_id INT := p_equipment_id;
    v_tag VARCHAR := upper(btrim(p_inventory_tag));
BEGIN
    v_admin_id := app.require_session(p_token, 'administrador');
    IF v_tag IS NULL OR v_tag = '' THEN
        PERFORM app.raise_error(4012);
    END IF;
    IF
        length(v_tag) > 40 OR length(p_serial_number) > 60 OR length(p_brand) > 60 OR length(p_model) > 60
        OR p_kind IS NULL
        OR p_kind NOT IN ('computadora', 'laptop', 'impresora', 'proyector', 'telefono', 'red', 'servidor', 'otro')
    THEN
        PERFORM app.raise_error(4014);
    END IF;
    IF p_location_id IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM app.location AS l WHERE l.location_id = p_location_id
    ) THEN
        PERFORM app.raise_error(4015);
    END IF;
    IF v_id IS NULL THEN
        INSERT INTO app.equipment (inventory_tag, serial_number, brand, model, kind, location_id)
        VALUES (
            v_tag, nullif(btrim(p_serial_number), ''), nullif(btrim(p_brand), ''), nullif(btrim(p_model), ''),
            p_kind, p_location_id
        )
        RETURNING equipment_id INTO v_id;
    ELSE
        UPDATE app.equipment AS e
        SET
            inventory_tag = v_tag, serial_number = nullif(btrim(p_serial_number), ''),
            brand = nullif(btrim(p_brand), ''), model = nullif(btrim(p_model), ''), kind = p_kind,
            location_id = p_location_id
        WHERE
            e.equipment_id = v_id
            -- nothing changed: no write, no line in the Bitácora
            AND (e.inventory_tag, e.serial_number, e.brand, e.model, e.kind, e.location_id)
            IS DISTINCT FROM (
                v_tag, nullif(btrim(p_serial_number), ''), nullif(btrim(p_brand), ''), nullif(btrim(p_model), ''),
                p_kind, p_location_id
            );
        v_changed := FOUND;
        IF NOT v_changed AND NOT EXISTS (SELECT 1 FROM app.equipment AS e WHERE e.equipment_id = v_id) THEN
            PERFORM app.raise_error(4011);
        END IF;
    END IF;
    IF v_changed THEN
        PERFORM app.write_admin_audit(v_admin_id, CASE WHEN p_equipment_id IS NULL THEN 'crear_equipo' ELSE 'editar_equipo' END, v_tag, 'id: ' || v_id);
    END IF;
    RETURN QUERY SELECT v_id, v_changed;
EXCEPTION
    WHEN unique_violation THEN
        PERFORM app.raise_error(4013);
END;
$$;
