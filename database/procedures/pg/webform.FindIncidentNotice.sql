-- webform.find_incident_notice: the known-outage notice that applies to what the requester
-- picked (campus, location, category), 0 or 1 row: a notice of an open incident, not
-- withdrawn, still valid, for that campus and either every place, that location, or the
-- building of that location; either every category or that one. The most specific wins
-- (location, then building, then campus), then the latest published. report_count («N
-- personas reportaron esta falla») only when the setting incident_public_count is 1, else NULL.
-- requires: app.SettingValue
CREATE OR REPLACE FUNCTION webform.find_incident_notice(p_campus_id INT, p_location_id INT, p_category_id INT)
RETURNS TABLE (
    incident_id INT,
    body VARCHAR,
    campus_name VARCHAR,
    place_name VARCHAR,
    started_at TIMESTAMPTZ,
    valid_until TIMESTAMPTZ,
    report_count INT
)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, app, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    v_building VARCHAR(120);
    v_public BOOLEAN;
BEGIN
    IF p_campus_id IS NULL THEN
        RETURN;
    END IF;
    v_public := app.setting_value('incident_public_count') = 1;
    SELECT coalesce(l.building, l.name) INTO v_building
    FROM app.location AS l
    WHERE l.location_id = p_location_id AND l.campus_id = p_campus_id;
    RETURN QUERY
    SELECT
        n.incident_id, n.body, c.name, coalesce(nl.name, n.building, c.name), i.started_at, n.valid_until,
        CASE WHEN v_public THEN
            (SELECT count(*)::INT FROM app.incident_ticket AS it WHERE it.incident_id = n.incident_id)
        END
    FROM app.incident_notice AS n
    INNER JOIN app.incident AS i ON n.incident_id = i.incident_id
    INNER JOIN app.campus AS c ON n.campus_id = c.campus_id
    LEFT JOIN app.location AS nl ON n.location_id = nl.location_id
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
END;
$$;
