-- staff.remove_incident_ticket: unlink one ticket from an open incident (3200, 3207, 3208);
-- the ticket keeps its timeline and gets an internal note saying so.
-- requires: app.LockOpenIncident
CREATE OR REPLACE FUNCTION staff.remove_incident_ticket(p_token BYTEA, p_incident_id INT, p_ticket_id BIGINT)
RETURNS TABLE (incident_id INT, ticket_count INT)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, app, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    v_staff_id INT;
    v_now TIMESTAMPTZ := now();
BEGIN
    v_staff_id := app.require_session(p_token, 'operador');
    IF p_incident_id IS NULL OR p_ticket_id IS NULL THEN
        PERFORM app.raise_error(1001);
    END IF;
    PERFORM app.lock_open_incident(p_incident_id);  -- the incident lock; 3200, 3207
    DELETE FROM app.incident_ticket AS it WHERE it.incident_id = p_incident_id AND it.ticket_id = p_ticket_id;
    IF NOT FOUND THEN
        PERFORM app.raise_error(3208);
    END IF;
    UPDATE app.ticket AS t
    SET row_version = t.row_version + 1, updated_at = v_now
    WHERE t.ticket_id = p_ticket_id;
    INSERT INTO app.ticket_event (ticket_id, occurred_at, event_type, is_public, actor_staff_id, body)
    VALUES (p_ticket_id, v_now, 'nota', FALSE, v_staff_id,
        'Quitada del incidente #' || p_incident_id::TEXT);
    RETURN QUERY
    SELECT p_incident_id, count(*)::INT FROM app.incident_ticket AS it WHERE it.incident_id = p_incident_id;
END;
$$;
