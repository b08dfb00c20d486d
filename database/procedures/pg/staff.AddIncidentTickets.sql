-- staff.add_incident_tickets: link more open tickets (JSON array of ids; all or none, see
-- app.link_incident_tickets) to an open incident (3200 unknown, 3207 resolved).
-- requires: app.LockOpenIncident
-- requires: app.LinkIncidentTickets
CREATE OR REPLACE FUNCTION staff.add_incident_tickets(p_token BYTEA, p_incident_id INT, p_ticket_ids VARCHAR)
RETURNS TABLE (incident_id INT, linked_count INT, ticket_count INT)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, app, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    v_staff_id INT;
    v_linked INT;
    v_now TIMESTAMPTZ := now();
BEGIN
    v_staff_id := app.require_session(p_token, 'operador');
    IF p_incident_id IS NULL THEN
        PERFORM app.raise_error(1001);
    END IF;
    PERFORM app.lock_open_incident(p_incident_id);  -- the incident lock; 3200, 3207
    v_linked := app.link_incident_tickets(p_incident_id, p_ticket_ids, v_staff_id, v_now);
    UPDATE app.incident AS i
    SET started_at = least(i.started_at, (
        SELECT min(t.created_at) FROM app.incident_ticket AS it
        INNER JOIN app.ticket AS t ON it.ticket_id = t.ticket_id
        WHERE it.incident_id = p_incident_id
    ))
    WHERE i.incident_id = p_incident_id;
    RETURN QUERY
    SELECT p_incident_id, v_linked, count(*)::INT FROM app.incident_ticket AS it WHERE it.incident_id = p_incident_id;
END;
$$;
