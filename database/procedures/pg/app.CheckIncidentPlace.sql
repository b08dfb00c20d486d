-- app.check_incident_place: raises 3205 unless p_campus_id exists and p_location_id (if given)
-- is a location of it and p_building (if given, without a location) is the building of one of
-- its locations (a location without building counts as its own building, by name); raises 3206
-- for an unknown category, or a missing one when p_category_required.
-- Internal: called by staff.create_incident and staff.save_incident_notice.
CREATE OR REPLACE FUNCTION app.check_incident_place(
    p_campus_id INT, p_location_id INT, p_building VARCHAR, p_category_id INT, p_category_required BOOLEAN
)
RETURNS VOID
LANGUAGE plpgsql
SET search_path = pg_catalog, app, pg_temp
AS $$
BEGIN
    IF p_campus_id IS NULL OR NOT EXISTS (SELECT 1 FROM app.campus AS c WHERE c.campus_id = p_campus_id) THEN
        PERFORM app.raise_error(3205);
    END IF;
    IF p_location_id IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM app.location AS l WHERE l.location_id = p_location_id AND l.campus_id = p_campus_id
    ) THEN
        PERFORM app.raise_error(3205);
    END IF;
    IF p_location_id IS NULL AND p_building IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM app.location AS l
        WHERE l.campus_id = p_campus_id AND coalesce(l.building, l.name) = p_building
    ) THEN
        PERFORM app.raise_error(3205);
    END IF;
    IF (p_category_id IS NULL AND p_category_required) OR (p_category_id IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM app.problem_category AS pc WHERE pc.category_id = p_category_id
    )) THEN
        PERFORM app.raise_error(3206);
    END IF;
END;
$$;
