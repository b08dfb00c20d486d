-- staff.import_equipment: the equipment inventory from a CSV parsed by the desktop
-- client into a JSON array of rows, each with its CSV line number:
--   [{"line": 2, "inventory_tag": "...", "serial_number": "...", "brand": "...",
--     "model": "...", "kind": "...", "campus_code": "C1", "location_name": "..."}]
-- Every row is validated; if any is bad, nothing is imported and one row per
-- problem comes back (line_number, field_name, error_id, message). Otherwise
-- every row is inserted or updated by inventory tag and one row comes back with
-- imported_count (and NULL line_number).
CREATE OR REPLACE FUNCTION staff.import_equipment(p_token BYTEA, p_rows_json TEXT)
RETURNS TABLE (line_number INT, field_name VARCHAR, error_id INT, message VARCHAR, imported_count INT)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, app, pg_temp
AS $$
DECLARE
    v_admin_id INT;
    v_json JSONB;
    v_count INT;
BEGIN
    v_admin_id := app.require_session(p_token, 'administrador');
    BEGIN
        v_json := p_rows_json::JSONB;
    EXCEPTION
        WHEN OTHERS THEN
            PERFORM app.raise_error(4021);
    END;
    IF v_json IS NULL OR jsonb_typeof(v_json) <> 'array' THEN
        PERFORM app.raise_error(4021);
    END IF;
    IF jsonb_array_length(v_json) = 0 THEN
        PERFORM app.raise_error(4020);
    END IF;

    DROP TABLE IF EXISTS pg_temp.import_row;
    CREATE TEMP TABLE import_row ON COMMIT DROP AS
    SELECT
        r.line,
        upper(nullif(btrim(r.inventory_tag), '')) AS inventory_tag,
        nullif(btrim(r.serial_number), '') AS serial_number,
        nullif(btrim(r.brand), '') AS brand,
        nullif(btrim(r.model), '') AS model,
        lower(nullif(btrim(r.kind), '')) AS kind,
        upper(nullif(btrim(r.campus_code), '')) AS campus_code,
        nullif(btrim(r.location_name), '') AS location_name,
        l.location_id
    FROM jsonb_to_recordset(v_json) AS r (
        line INT, inventory_tag TEXT, serial_number TEXT, brand TEXT, model TEXT, kind TEXT,
        campus_code TEXT, location_name TEXT
    )
    LEFT JOIN app.campus AS c ON upper(btrim(r.campus_code)) = c.code
    LEFT JOIN app.location AS l ON c.campus_id = l.campus_id AND lower(btrim(r.location_name)) = lower(l.name);

    DROP TABLE IF EXISTS pg_temp.import_problem;
    CREATE TEMP TABLE import_problem ON COMMIT DROP AS
    SELECT p.line, p.field, p.error_id
    FROM (
        SELECT ir.line, 'inventory_tag' AS field, 4022 AS error_id FROM import_row AS ir
        WHERE ir.inventory_tag IS NULL
        UNION ALL
        SELECT ir.line, 'inventory_tag', 4026 FROM import_row AS ir WHERE length(ir.inventory_tag) > 40
        UNION ALL
        SELECT ir.line, 'inventory_tag', 4023 FROM import_row AS ir
        WHERE EXISTS (
            SELECT 1 FROM import_row AS other
            WHERE other.inventory_tag = ir.inventory_tag AND other.line < ir.line
        )
        UNION ALL
        SELECT ir.line, 'serial_number', 4026 FROM import_row AS ir WHERE length(ir.serial_number) > 60
        UNION ALL
        SELECT ir.line, 'brand', 4026 FROM import_row AS ir WHERE length(ir.brand) > 60
        UNION ALL
        SELECT ir.line, 'model', 4026 FROM import_row AS ir WHERE length(ir.model) > 60
        UNION ALL
        SELECT ir.line, 'kind', 4024 FROM import_row AS ir
        WHERE
            ir.kind IS NULL
            OR ir.kind NOT IN (
                'computadora', 'laptop', 'impresora', 'proyector', 'telefono', 'red', 'servidor', 'otro'
            )
        UNION ALL
        SELECT ir.line, 'location_name', 4025 FROM import_row AS ir
        WHERE (ir.campus_code IS NOT NULL OR ir.location_name IS NOT NULL) AND ir.location_id IS NULL
    ) AS p;

    IF EXISTS (SELECT 1 FROM import_problem) THEN
        RETURN QUERY
        SELECT ip.line, ip.field::VARCHAR, ip.error_id, em.message, 0
        FROM import_problem AS ip
        INNER JOIN app.error_message AS em ON ip.error_id = em.error_id
        ORDER BY ip.line, ip.field;
        RETURN;
    END IF;

    UPDATE app.equipment AS e
    SET
        serial_number = ir.serial_number, brand = ir.brand, model = ir.model, kind = ir.kind,
        location_id = ir.location_id, is_active = TRUE
    FROM import_row AS ir
    WHERE e.inventory_tag = ir.inventory_tag;

    INSERT INTO app.equipment (inventory_tag, serial_number, brand, model, kind, location_id)
    SELECT ir.inventory_tag, ir.serial_number, ir.brand, ir.model, ir.kind, ir.location_id
    FROM import_row AS ir
    WHERE NOT EXISTS (SELECT 1 FROM app.equipment AS e WHERE e.inventory_tag = ir.inventory_tag)
    ORDER BY ir.line;

    SELECT count(*) INTO v_count FROM import_row;
    PERFORM app.write_admin_audit(v_admin_id, 'importar_equipos', 'inventario', v_count || ' fila(s)');
    RETURN QUERY SELECT NULL::INT, NULL::VARCHAR, NULL::INT, NULL::VARCHAR, v_count;
END;
$$;
