-- staff.list_equipment_items: the equipment inventory with location and campus.
CREATE OR REPLACE FUNCTION staff.list_equipment_items(p_token BYTEA)
RETURNS TABLE (
    equipment_id INT, inventory_tag VARCHAR, serial_number VARCHAR, brand VARCHAR, model VARCHAR, kind VARCHAR,
    location_id INT, location_name VARCHAR, campus_code VARCHAR, is_active BOOLEAN
)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, app, pg_temp
AS $$
BEGIN
    PERFORM app.require_session(p_token, 'administrador');
    RETURN QUERY
    SELECT
        e.equipment_id, e.inventory_tag, e.serial_number, e.brand, e.model, e.kind, e.location_id, l.name,
        c.code, e.is_active
    FROM app.equipment AS e
    LEFT JOIN app.location AS l ON e.location_id = l.location_id
    LEFT JOIN app.campus AS c ON l.campus_id = c.campus_id
    ORDER BY e.inventory_tag;
END;
$$;
