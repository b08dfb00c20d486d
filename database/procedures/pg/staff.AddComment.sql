-- staff.add_comment: an internal note (p_is_public false, event 'nota') or a public reply
-- shown on the status page (event 'respuesta', counts as the first response).
-- requires: app.LockTicketForChange
CREATE OR REPLACE FUNCTION staff.add_comment(
    p_token BYTEA, p_ticket_id BIGINT, p_row_version INT, p_body VARCHAR, p_is_public BOOLEAN
)
RETURNS TABLE (
    ticket_id BIGINT,
    row_version INT,
    status_id INT,
    priority_id INT,
    assigned_to INT,
    updated_at TIMESTAMPTZ,
    event_id BIGINT
)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, app, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    v_staff_id INT;
    v_body VARCHAR(4000);
    v_public BOOLEAN := coalesce(p_is_public, FALSE);
    v_event_id BIGINT;
BEGIN
    v_staff_id := app.require_session(p_token, 'operador');
    IF p_ticket_id IS NULL OR p_row_version IS NULL THEN
        PERFORM app.raise_error(1001);
    END IF;
    IF nullif(btrim(coalesce(p_body, '')), '') IS NULL OR length(p_body) > 4000 THEN
        PERFORM app.raise_error(3006);
    END IF;
    v_body := btrim(p_body);
    PERFORM app.lock_ticket_for_change(p_ticket_id, p_row_version, FALSE);

    UPDATE app.ticket AS t
    SET first_response_at = CASE WHEN v_public THEN coalesce(t.first_response_at, now()) ELSE t.first_response_at END,
        row_version = t.row_version + 1,
        updated_at = now()
    WHERE t.ticket_id = p_ticket_id;

    INSERT INTO app.ticket_event (ticket_id, event_type, is_public, actor_staff_id, body)
    VALUES (p_ticket_id, CASE WHEN v_public THEN 'respuesta' ELSE 'nota' END, v_public, v_staff_id, v_body)
    RETURNING event_id INTO v_event_id;

    RETURN QUERY
    SELECT t.ticket_id, t.row_version, t.status_id::INT, t.priority_id::INT, t.assigned_to, t.updated_at, v_event_id
    FROM app.ticket AS t
    WHERE t.ticket_id = p_ticket_id;
END;
$$;
