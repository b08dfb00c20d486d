-- webform.find_equipment: one active equipment by inventory tag (trimmed, exact), 0 or 1 row.
-- Used by the form's tag field and by prefilled (QR) links; location_id/campus_id may be NULL
-- when the equipment has no (active) location.
CREATE OR REPLACE FUNCTION webform.find_equipment(p_inventory_tag VARCHAR)
RETURNS TABLE (
    equipment_id INT,
    inventory_tag VARCHAR,
    kind VARCHAR,
    brand VARCHAR,
    model VARCHAR,
    serial_number VARCHAR,
    location_id INT,
    campus_id INT
)
LANGUAGE plpgsql
STABLE
SECURITY DEFINER
SET search_path = pg_catalog, app, pg_temp
AS $$
BEGIN
    RETURN QUERY
    SELECT
        e.equipment_id,
        e.inventory_tag,
        e.kind,
        e.brand,
        e.model,
        e.serial_number,
        l.location_id,
        l.campus_id::INT
    FROM app.equipment AS e
    LEFT JOIN app.location AS l ON e.location_id = l.location_id AND l.is_active
    WHERE
        e.inventory_tag = btrim(p_inventory_tag)
        AND e.is_active;
END;
$$;
