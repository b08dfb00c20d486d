-- app.match_incident_notice: the one rule for which known-outage notice applies to what a
-- requester picked (campus, location, category): the incident id of a notice of an open
-- incident, not withdrawn, still valid, for that campus and either every place, that location,
-- or the building of that location; either every category or that one. The most specific wins
-- (location, then building, then campus), then the latest published. NULL when none applies.
-- Internal: called by webform.find_incident_notice (the notice shown) and webform.submit_ticket
-- (a submission that stops at the notice, without a second call).
CREATE OR REPLACE FUNCTION app.match_incident_notice(p_campus_id INT, p_location_id INT, p_category_id INT)
RETURNS INT
LANGUAGE plpgsql
STABLE
SET search_path = pg_catalog, app, pg_temp
AS $$
DECLARE
    v_building VARCHAR(120);
    v_incident_id INT;
BEGIN
    IF p_campus_id IS NULL THEN
        RETURN NULL;
    END IF;
    SELECT coalesce(l.building, l.name) INTO v_building
    FROM app.location AS l
    WHERE l.location_id = p_location_id AND l.campus_id = p_campus_id;
    SELECT n.incident_id INTO v_incident_id
    FROM app.incident_notice AS n
    INNER JOIN app.incident AS i ON n.incident_id = i.incident_id
    WHERE
        n.campus_id = p_campus_id
        AND i.status = 'abierto'
        AND n.withdrawn_at IS NULL
        AND n.valid_until > now()
        AND (n.category_id IS NULL OR n.category_id = p_category_id)
        AND (
            (n.location_id IS NULL AND n.building IS NULL)
            OR n.location_id = p_location_id
            OR (n.location_id IS NULL AND n.building = v_building)
        )
    ORDER BY
        CASE WHEN n.location_id IS NOT NULL THEN 0 WHEN n.building IS NOT NULL THEN 1 ELSE 2 END,
        n.published_at DESC, n.incident_id DESC
    LIMIT 1;
    RETURN v_incident_id;
END;
$$;
