-- staff.change_priority: set an open ticket's priority (internal event).
-- requires: app.LockTicketForChange
CREATE OR REPLACE FUNCTION staff.change_priority(
    p_token BYTEA, p_ticket_id BIGINT, p_row_version INT, p_priority_id INT
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
    v_ticket app.ticket%ROWTYPE;
    v_event_id BIGINT;
BEGIN
    v_staff_id := app.require_session(p_token, 'operador');
    IF p_ticket_id IS NULL OR p_row_version IS NULL OR p_priority_id IS NULL THEN
        PERFORM app.raise_error(1001);
    END IF;
    PERFORM app.lock_ticket_for_change(p_ticket_id, p_row_version, TRUE);
    SELECT t.* INTO v_ticket FROM app.ticket AS t WHERE t.ticket_id = p_ticket_id;
    IF NOT EXISTS (SELECT 1 FROM app.priority AS p WHERE p.priority_id = p_priority_id AND p.is_active) THEN
        PERFORM app.raise_error(3005);
    END IF;
    IF v_ticket.priority_id = p_priority_id THEN
        PERFORM app.raise_error(3007);
    END IF;

    UPDATE app.ticket AS t
    SET priority_id = p_priority_id, row_version = t.row_version + 1, updated_at = now()
    WHERE t.ticket_id = p_ticket_id;

    INSERT INTO app.ticket_event (
        ticket_id, event_type, is_public, actor_staff_id, old_priority_id, new_priority_id
    )
    VALUES (p_ticket_id, 'prioridad', FALSE, v_staff_id, v_ticket.priority_id, p_priority_id)
    RETURNING event_id INTO v_event_id;

    RETURN QUERY
    SELECT t.ticket_id, t.row_version, t.status_id::INT, t.priority_id::INT, t.assigned_to, t.updated_at, v_event_id
    FROM app.ticket AS t
    WHERE t.ticket_id = p_ticket_id;
END;
$$;
