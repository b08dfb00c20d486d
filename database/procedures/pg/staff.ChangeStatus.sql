-- staff.change_status: move a ticket along an allowed transition (app.status_transition).
-- Sets first_response_at on the first staff status change, resolved_at when entering
-- 'resuelto' (cleared on reopening), closed_at when entering 'cerrado' or 'cancelado'.
-- Transitions marked admin_only (reopening a cancelled ticket) are refused here (3003): they go
-- through staff.reopen_cancelled_ticket. p_body is an optional public comment. Status changes
-- are public (status page).
-- requires: app.LockTicketForChange
CREATE OR REPLACE FUNCTION staff.change_status(
    p_token BYTEA, p_ticket_id BIGINT, p_row_version INT, p_status_id INT, p_body VARCHAR
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
    v_code VARCHAR(20);
    v_is_open BOOLEAN;
    v_body VARCHAR(4000) := nullif(btrim(coalesce(p_body, '')), '');
    v_event_id BIGINT;
BEGIN
    v_staff_id := app.require_session(p_token, 'operador');
    IF p_ticket_id IS NULL OR p_row_version IS NULL OR p_status_id IS NULL THEN
        PERFORM app.raise_error(1001);
    END IF;
    IF length(p_body) > 4000 THEN
        PERFORM app.raise_error(3006);
    END IF;
    PERFORM app.lock_ticket_for_change(p_ticket_id, p_row_version, FALSE);
    SELECT t.* INTO v_ticket FROM app.ticket AS t WHERE t.ticket_id = p_ticket_id;
    IF NOT EXISTS (
        SELECT 1 FROM app.status_transition AS st
        WHERE st.from_status_id = v_ticket.status_id AND st.to_status_id = p_status_id AND NOT st.admin_only
            AND st.actor = 'personal'
    ) THEN
        PERFORM app.raise_error(3003);
    END IF;
    SELECT s.code, s.is_open INTO v_code, v_is_open FROM app.status AS s WHERE s.status_id = p_status_id;

    UPDATE app.ticket AS t
    SET status_id = p_status_id,
        first_response_at = coalesce(t.first_response_at, now()),
        resolved_at = CASE
            WHEN v_code = 'resuelto' THEN now()
            WHEN v_is_open THEN NULL
            ELSE t.resolved_at
        END,
        closed_at = CASE WHEN v_code IN ('cerrado', 'cancelado') THEN now() WHEN v_is_open THEN NULL
            ELSE t.closed_at END,
        row_version = t.row_version + 1,
        updated_at = now()
    WHERE t.ticket_id = p_ticket_id;

    INSERT INTO app.ticket_event (
        ticket_id, event_type, is_public, actor_staff_id, old_status_id, new_status_id, body
    )
    VALUES (p_ticket_id, 'estado', TRUE, v_staff_id, v_ticket.status_id, p_status_id, v_body)
    RETURNING event_id INTO v_event_id;

    RETURN QUERY
    SELECT t.ticket_id, t.row_version, t.status_id::INT, t.priority_id::INT, t.assigned_to, t.updated_at, v_event_id
    FROM app.ticket AS t
    WHERE t.ticket_id = p_ticket_id;
END;
$$;
