-- staff.reopen_cancelled_ticket: an administrator takes back a cancellation (a wrong click):
-- the ticket goes from 'cancelado' to 'asignado' when it still has an active assignee, else to
-- 'nuevo', along an admin_only row of app.status_transition (3003 if that row is missing), with
-- a required reason of 5-1000 characters (3101) written as the public comment of the status
-- event and in the administration audit (reabrir_ticket). 2002 for operators, 3102 when the
-- ticket is not cancelled, 3002 when p_row_version is stale. Clears resolved_at and closed_at.
-- The lock and version check: app.lock_ticket_for_change; the move and its event:
-- app.move_ticket_status (with the administrator as the actor).
-- requires: app.LockTicketForChange
-- requires: app.MoveTicketStatus
CREATE OR REPLACE FUNCTION staff.reopen_cancelled_ticket(
    p_token BYTEA, p_ticket_id BIGINT, p_row_version INT, p_reason VARCHAR
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
    v_admin_id INT;
    v_reason VARCHAR := btrim(coalesce(p_reason, ''));
    v_ticket app.ticket%ROWTYPE;
    v_code VARCHAR;
    v_target SMALLINT;
    v_event_id BIGINT;
BEGIN
    v_admin_id := app.require_session(p_token, 'administrador');
    IF p_ticket_id IS NULL OR p_row_version IS NULL THEN
        PERFORM app.raise_error(1001);
    END IF;
    IF length(v_reason) NOT BETWEEN 5 AND 1000 THEN
        PERFORM app.raise_error(3101);
    END IF;
    PERFORM app.lock_ticket_for_change(p_ticket_id, p_row_version, FALSE);
    SELECT t.* INTO v_ticket FROM app.ticket AS t WHERE t.ticket_id = p_ticket_id;
    SELECT s.code INTO v_code FROM app.status AS s WHERE s.status_id = v_ticket.status_id;
    IF v_code <> 'cancelado' THEN
        PERFORM app.raise_error(3102);
    END IF;
    SELECT st.to_status_id INTO v_target
    FROM app.status_transition AS st
    INNER JOIN app.status AS s ON st.to_status_id = s.status_id
    WHERE
        st.from_status_id = v_ticket.status_id AND st.admin_only AND st.actor = 'personal'
        AND s.code = CASE
            WHEN EXISTS (
                SELECT 1 FROM app.staff_user AS su WHERE su.staff_id = v_ticket.assigned_to AND su.is_active
            ) THEN 'asignado'
            ELSE 'nuevo'
        END;
    IF v_target IS NULL THEN
        PERFORM app.raise_error(3003);
    END IF;

    -- cancelado is closed and the target open: the move clears resolved_at and closed_at
    v_event_id := app.move_ticket_status(
        p_ticket_id, v_ticket.status_id, v_target, 'estado', v_reason, NULL, now(), v_admin_id
    );
    PERFORM app.write_admin_audit(v_admin_id, 'reabrir_ticket', v_ticket.folio, v_reason);

    RETURN QUERY
    SELECT t.ticket_id, t.row_version, t.status_id::INT, t.priority_id::INT, t.assigned_to, t.updated_at, v_event_id
    FROM app.ticket AS t
    WHERE t.ticket_id = p_ticket_id;
END;
$$;
