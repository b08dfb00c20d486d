-- webform.find_incident_notice: the known-outage notice that applies to what the requester
-- picked (campus, location, category), 0 or 1 row: which one is app.match_incident_notice
-- (open incident, valid, not withdrawn, the most specific place, then the latest published).
-- report_count («N personas reportaron esta falla») only when the setting
-- incident_public_count is 1, else NULL.
-- requires: app.SettingValue
-- requires: app.MatchIncidentNotice
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
    v_incident_id INT;
    v_public BOOLEAN;
BEGIN
    v_incident_id := app.match_incident_notice(p_campus_id, p_location_id, p_category_id);
    IF v_incident_id IS NULL THEN
        RETURN;
    END IF;
    v_public := app.setting_value('incident_public_count') = 1;
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
    WHERE n.incident_id = v_incident_id;
END;
$$;
