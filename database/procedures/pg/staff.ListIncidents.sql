-- staff.list_incidents: incidents, newest first (open ones only when p_only_open), with their
-- place, how many tickets are linked («N personas reportaron esta falla», for staff always)
-- and whether a public notice is showing now. p_incident_id: just that one (0 or 1 row).
CREATE OR REPLACE FUNCTION staff.list_incidents(p_token BYTEA, p_only_open BOOLEAN, p_incident_id INT DEFAULT NULL)
RETURNS TABLE (
    incident_id INT,
    title VARCHAR,
    campus_id INT,
    campus_name VARCHAR,
    location_id INT,
    building VARCHAR,
    place_name VARCHAR,
    category_id INT,
    category_name VARCHAR,
    status VARCHAR,
    started_at TIMESTAMPTZ,
    resolved_at TIMESTAMPTZ,
    opened_by_name VARCHAR,
    resolution VARCHAR,
    ticket_count INT,
    notice_body VARCHAR,
    notice_location_id INT,
    notice_building VARCHAR,
    notice_category_id INT,
    notice_valid_until TIMESTAMPTZ,
    notice_withdrawn_at TIMESTAMPTZ,
    notice_showing BOOLEAN
)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, app, pg_temp
AS $$
#variable_conflict use_column
BEGIN
    PERFORM app.require_session(p_token, 'operador');
    RETURN QUERY
    SELECT
        i.incident_id, i.title, i.campus_id::INT, c.name, i.location_id, i.building,
        coalesce(l.name, i.building, c.name), i.category_id::INT, pc.name, i.status, i.started_at,
        i.resolved_at, su.full_name, i.resolution,
        (SELECT count(*)::INT FROM app.incident_ticket AS it WHERE it.incident_id = i.incident_id),
        n.body, n.location_id, n.building, n.category_id::INT, n.valid_until, n.withdrawn_at,
        coalesce(i.status = 'abierto' AND n.withdrawn_at IS NULL AND n.valid_until > now(), FALSE)
    FROM app.incident AS i
    INNER JOIN app.campus AS c ON i.campus_id = c.campus_id
    LEFT JOIN app.location AS l ON i.location_id = l.location_id
    INNER JOIN app.problem_category AS pc ON i.category_id = pc.category_id
    INNER JOIN app.staff_user AS su ON i.opened_by = su.staff_id
    LEFT JOIN app.incident_notice AS n ON i.incident_id = n.incident_id
    WHERE
        (NOT coalesce(p_only_open, FALSE) OR i.status = 'abierto')
        AND (p_incident_id IS NULL OR i.incident_id = p_incident_id)
    ORDER BY i.incident_id DESC
    LIMIT 200;
END;
$$;
