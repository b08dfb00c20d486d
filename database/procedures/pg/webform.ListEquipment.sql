-- webform.list_equipment: active equipment registered at one active location, for the form's picker.
-- location_id and campus_id are returned too so a prefilled (QR) link can set the form's lists.
CREATE OR REPLACE FUNCTION webform.list_equipment(p_location_id INT)
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
        e.location_id,
        l.campus_id::INT
    FROM app.equipment AS e
    INNER JOIN app.location AS l ON e.location_id = l.location_id
    WHERE
        e.location_id = p_location_id
        AND e.is_active
        AND l.is_active
    ORDER BY e.inventory_tag;
END;
$$;
