-- staff.create_incident: open an incident (title, campus, a location or a building, category)
-- grouping the open tickets of p_ticket_ids (JSON array of ids; all or none, see
-- app.link_incident_tickets). started_at is the earliest report among them.
-- requires: app.CheckIncidentPlace
-- requires: app.LockIncidents
-- requires: app.LinkIncidentTickets
CREATE OR REPLACE FUNCTION staff.create_incident(
    p_token BYTEA,
    p_title VARCHAR,
    p_campus_id INT,
    p_location_id INT,
    p_building VARCHAR,
    p_category_id INT,
    p_ticket_ids VARCHAR
)
RETURNS TABLE (incident_id INT, ticket_count INT, started_at TIMESTAMPTZ)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, app, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    v_staff_id INT;
    v_title VARCHAR(200) := btrim(coalesce(p_title, ''));
    v_building VARCHAR(60) := nullif(btrim(coalesce(p_building, '')), '');
    v_incident_id INT;
    v_count INT;
    v_started TIMESTAMPTZ;
    v_now TIMESTAMPTZ := now();
BEGIN
    v_staff_id := app.require_session(p_token, 'operador');
    IF length(v_title) < 3 OR length(btrim(p_title)) > 200 THEN
        PERFORM app.raise_error(3204);
    END IF;
    IF length(btrim(p_building)) > 60 THEN
        PERFORM app.raise_error(3205);
    END IF;
    PERFORM app.check_incident_place(p_campus_id, p_location_id, v_building, p_category_id, TRUE);
    PERFORM app.lock_incidents();

    INSERT INTO app.incident (
        title, campus_id, location_id, building, category_id, status, started_at, opened_by, created_at
    )
    VALUES (
        v_title, p_campus_id, p_location_id, CASE WHEN p_location_id IS NULL THEN v_building END,
        p_category_id, 'abierto', v_now, v_staff_id, v_now
    )
    RETURNING app.incident.incident_id INTO v_incident_id;

    v_count := app.link_incident_tickets(v_incident_id, p_ticket_ids, v_staff_id, v_now);

    SELECT least(min(t.created_at), v_now) INTO v_started
    FROM app.incident_ticket AS it
    INNER JOIN app.ticket AS t ON it.ticket_id = t.ticket_id
    WHERE it.incident_id = v_incident_id;
    UPDATE app.incident AS i SET started_at = v_started WHERE i.incident_id = v_incident_id;

    RETURN QUERY SELECT v_incident_id, v_count, v_started;
END;
$$;
