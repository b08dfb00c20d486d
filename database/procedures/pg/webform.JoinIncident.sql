-- webform.join_incident: «Yo también tengo esta falla»: link the requester's new ticket
-- (folio + access code, as every requester procedure; 0 rows for a wrong pair) to the
-- incident of a notice shown to them. 1180 when that notice no longer shows (withdrawn,
-- expired, incident resolved), is for another campus, or the ticket is no longer open or is
-- in another incident: the ticket stays a normal one. Joining twice is harmless (same row).
-- The ticket gets an internal note; linked_by NULL marks the requester as the one who linked.
-- requires: app.FindTicketByCode
-- requires: app.LockIncidents
CREATE OR REPLACE FUNCTION webform.join_incident(
    p_folio VARCHAR, p_access_code VARCHAR, p_client_key VARCHAR, p_incident_id INT
)
RETURNS TABLE (incident_id INT, report_count INT)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, app, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    v_ticket_id BIGINT;
    v_linked INT;
    v_now TIMESTAMPTZ := now();
BEGIN
    v_ticket_id := app.find_ticket_by_code(p_folio, p_access_code, p_client_key);
    IF v_ticket_id IS NULL THEN
        RETURN;
    END IF;
    PERFORM app.lock_incidents();
    SELECT it.incident_id INTO v_linked FROM app.incident_ticket AS it WHERE it.ticket_id = v_ticket_id;
    IF v_linked IS NULL THEN
        IF p_incident_id IS NULL OR NOT EXISTS (
            SELECT 1
            FROM app.incident_notice AS n
            INNER JOIN app.incident AS i ON n.incident_id = i.incident_id
            INNER JOIN app.ticket AS t ON t.ticket_id = v_ticket_id AND n.campus_id = t.campus_id
            INNER JOIN app.status AS s ON t.status_id = s.status_id
            WHERE
                n.incident_id = p_incident_id AND i.status = 'abierto' AND n.withdrawn_at IS NULL
                AND n.valid_until > v_now AND s.is_open
        ) THEN
            PERFORM app.raise_error(1180);
        END IF;
        INSERT INTO app.incident_ticket (ticket_id, incident_id, linked_at, linked_by)
        VALUES (v_ticket_id, p_incident_id, v_now, NULL);
        INSERT INTO app.ticket_event (ticket_id, occurred_at, event_type, is_public, body)
        VALUES (v_ticket_id, v_now, 'nota', FALSE,
            'La persona solicitante indicó «Yo también tengo esta falla» (incidente #' || p_incident_id::TEXT || ')');
        v_linked := p_incident_id;
    ELSIF v_linked <> p_incident_id THEN
        PERFORM app.raise_error(1180);
    END IF;
    RETURN QUERY
    SELECT v_linked, count(*)::INT FROM app.incident_ticket AS it WHERE it.incident_id = v_linked;
END;
$$;
