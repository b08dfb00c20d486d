-- staff.reply_incident: one public reply written once on an open incident (3200, 3207; body
-- 3006) that lands, in one transaction, as a 'respuesta' event on every linked ticket
-- (timeline and status page; counts as each one's first response) and in app.incident_reply
-- (shown on the status page of tickets that join later).
-- requires: app.LockOpenIncident
CREATE OR REPLACE FUNCTION staff.reply_incident(p_token BYTEA, p_incident_id INT, p_body VARCHAR)
RETURNS TABLE (reply_id INT, ticket_count INT)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, app, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    v_staff_id INT;
    v_body VARCHAR(4000);
    v_reply_id INT;
    v_count INT;
    v_now TIMESTAMPTZ := now();
BEGIN
    v_staff_id := app.require_session(p_token, 'operador');
    IF p_incident_id IS NULL THEN
        PERFORM app.raise_error(1001);
    END IF;
    IF nullif(btrim(coalesce(p_body, '')), '') IS NULL OR length(p_body) > 4000 THEN
        PERFORM app.raise_error(3006);
    END IF;
    v_body := btrim(p_body);
    PERFORM app.lock_open_incident(p_incident_id);  -- the incident lock; 3200, 3207

    INSERT INTO app.incident_reply (incident_id, body, staff_id, created_at)
    VALUES (p_incident_id, v_body, v_staff_id, v_now)
    RETURNING app.incident_reply.reply_id INTO v_reply_id;

    UPDATE app.ticket AS t
    SET first_response_at = coalesce(t.first_response_at, v_now),
        row_version = t.row_version + 1,
        updated_at = v_now
    FROM app.incident_ticket AS it
    WHERE it.ticket_id = t.ticket_id AND it.incident_id = p_incident_id;
    GET DIAGNOSTICS v_count = ROW_COUNT;

    INSERT INTO app.ticket_event (ticket_id, occurred_at, event_type, is_public, actor_staff_id, body)
    SELECT it.ticket_id, v_now, 'respuesta', TRUE, v_staff_id, v_body
    FROM app.incident_ticket AS it
    WHERE it.incident_id = p_incident_id;

    RETURN QUERY SELECT v_reply_id, v_count;
END;
$$;
