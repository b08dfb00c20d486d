-- staff.list_incident_suggestions: proposed incidents. Open tickets not in any incident,
-- reported in the last incident_window_minutes, grouped by campus, building (a location
-- without building is its own, by name) and category; groups of at least
-- incident_min_tickets. One row per ticket: group_no (1 = largest group, then the most
-- recent), the group's size and span in minutes, and incident_id of an open incident of the
-- same campus, place and category, if any (to add to it instead of opening another).
-- requires: app.SettingValue
CREATE OR REPLACE FUNCTION staff.list_incident_suggestions(p_token BYTEA)
RETURNS TABLE (
    group_no INT,
    campus_id INT,
    campus_name VARCHAR,
    building VARCHAR,
    category_id INT,
    category_name VARCHAR,
    group_size INT,
    span_minutes INT,
    incident_id INT,
    ticket_id BIGINT,
    folio VARCHAR,
    created_at TIMESTAMPTZ,
    location_id INT,
    location_name VARCHAR,
    description VARCHAR
)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, app, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    v_since TIMESTAMPTZ;
    v_min INT;
BEGIN
    PERFORM app.require_session(p_token, 'operador');
    v_since := now() - make_interval(mins => app.setting_value('incident_window_minutes'));
    v_min := app.setting_value('incident_min_tickets');
    RETURN QUERY
    WITH recent AS (
        SELECT
            t.ticket_id, t.folio, t.created_at, t.campus_id, t.category_id, t.location_id, t.description,
            l.name AS location_name, coalesce(l.building, l.name) AS building
        FROM app.ticket AS t
        INNER JOIN app.location AS l ON t.location_id = l.location_id
        INNER JOIN app.status AS s ON t.status_id = s.status_id
        WHERE
            t.created_at >= v_since
            AND s.is_open
            AND NOT EXISTS (SELECT 1 FROM app.incident_ticket AS it WHERE it.ticket_id = t.ticket_id)
    ),
    grouped AS (
        SELECT
            r.campus_id, r.building, r.category_id, count(*)::INT AS group_size,
            ceil(extract(EPOCH FROM max(r.created_at) - min(r.created_at)) / 60)::INT AS span_minutes,
            max(r.created_at) AS last_at
        FROM recent AS r
        GROUP BY r.campus_id, r.building, r.category_id
        HAVING count(*) >= v_min
    ),
    ranked AS (
        SELECT
            g.*,
            dense_rank() OVER (
                ORDER BY g.group_size DESC, g.last_at DESC, g.campus_id ASC, g.building ASC, g.category_id ASC
            )::INT AS group_no
        FROM grouped AS g
    )
    SELECT
        k.group_no, k.campus_id::INT, c.name, k.building, k.category_id::INT, pc.name, k.group_size,
        k.span_minutes,
        (
            SELECT max(i.incident_id) FROM app.incident AS i
            LEFT JOIN app.location AS il ON i.location_id = il.location_id
            WHERE
                i.status = 'abierto' AND i.campus_id = k.campus_id AND i.category_id = k.category_id
                AND coalesce(i.building, il.building, il.name) = k.building
        ),
        r.ticket_id, r.folio, r.created_at, r.location_id, r.location_name, left(r.description, 200)::VARCHAR
    FROM ranked AS k
    INNER JOIN recent AS r
        ON k.campus_id = r.campus_id AND k.building = r.building AND k.category_id = r.category_id
    INNER JOIN app.campus AS c ON k.campus_id = c.campus_id
    INNER JOIN app.problem_category AS pc ON k.category_id = pc.category_id
    ORDER BY k.group_no ASC, r.created_at DESC, r.ticket_id DESC;
END;
$$;
