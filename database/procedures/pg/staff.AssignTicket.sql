-- staff.assign_ticket: assign a ticket to a staff member (or unassign with NULL).
-- A 'nuevo' ticket becomes 'asignado' in the same change. Optimistic concurrency:
-- p_row_version must be the ticket's current one (3002 otherwise); one event per change.
-- requires: app.LockTicketForChange
CREATE OR REPLACE FUNCTION staff.assign_ticket(
    p_token BYTEA, p_ticket_id BIGINT, p_row_version INT, p_assigned_to INT
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
    v_new_status SMALLINT;
    v_event_id BIGINT;
BEGIN
    v_staff_id := app.require_session(p_token, 'operador');
    IF p_ticket_id IS NULL OR p_row_version IS NULL THEN
        PERFORM app.raise_error(1001);
    END IF;
    PERFORM app.lock_ticket_for_change(p_ticket_id, p_row_version, TRUE);
    SELECT t.* INTO v_ticket FROM app.ticket AS t WHERE t.ticket_id = p_ticket_id;
    IF p_assigned_to IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM app.staff_user AS su WHERE su.staff_id = p_assigned_to AND su.is_active
    ) THEN
        PERFORM app.raise_error(3004);
    END IF;
    IF v_ticket.assigned_to IS NOT DISTINCT FROM p_assigned_to THEN
        PERFORM app.raise_error(3007);
    END IF;

    v_new_status := v_ticket.status_id;
    IF p_assigned_to IS NOT NULL AND v_ticket.status_id = (SELECT s.status_id FROM app.status AS s WHERE s.code = 'nuevo')
    THEN
        SELECT s.status_id INTO v_new_status FROM app.status AS s WHERE s.code = 'asignado';
    END IF;

    UPDATE app.ticket AS t
    SET assigned_to = p_assigned_to, status_id = v_new_status,
        row_version = t.row_version + 1, updated_at = now()
    WHERE t.ticket_id = p_ticket_id;

    INSERT INTO app.ticket_event (
        ticket_id, event_type, is_public, actor_staff_id, old_status_id, new_status_id, assigned_to
    )
    VALUES (
        p_ticket_id, 'asignado', FALSE, v_staff_id,
        CASE WHEN v_new_status <> v_ticket.status_id THEN v_ticket.status_id END,
        CASE WHEN v_new_status <> v_ticket.status_id THEN v_new_status END,
        p_assigned_to
    )
    RETURNING event_id INTO v_event_id;

    RETURN QUERY
    SELECT t.ticket_id, t.row_version, t.status_id::INT, t.priority_id::INT, t.assigned_to, t.updated_at, v_event_id
    FROM app.ticket AS t
    WHERE t.ticket_id = p_ticket_id;
END;
$$;
