-- app.move_ticket_status: the shared end of a requester's action on a ticket the caller locked
-- (app.lock_requester_ticket): the ticket goes from p_old_status_id to p_new_status_id (the
-- same id: no move) with one public p_event_type event holding p_body and p_idempotency_key;
-- the event has old/new status only when the status changes. A p_body (a requester's message)
-- stamps requester_replied_at. Timestamps as staff.change_status: to 'cerrado' sets closed_at;
-- from a closed status to an open one clears resolved_at and closed_at; every time is p_now
-- (the caller's now()). Returns the new event's id. p_actor_staff_id (NULL for a requester):
-- a staff member's move (staff.reopen_cancelled_ticket), the event's actor; then p_body is
-- the staff member's text and does not stamp requester_replied_at.
-- Internal: called by webform.* and staff.* functions (SECURITY DEFINER), never granted.
DROP FUNCTION IF EXISTS app.move_ticket_status(BIGINT, SMALLINT, SMALLINT, VARCHAR, VARCHAR, UUID, TIMESTAMPTZ);
CREATE OR REPLACE FUNCTION app.move_ticket_status(
    p_ticket_id BIGINT,
    p_old_status_id SMALLINT,
    p_new_status_id SMALLINT,
    p_event_type VARCHAR,
    p_body VARCHAR,
    p_idempotency_key UUID,
    p_now TIMESTAMPTZ,
    p_actor_staff_id INT DEFAULT NULL
)
RETURNS BIGINT
LANGUAGE plpgsql
SET search_path = pg_catalog, app, pg_temp
AS $$
DECLARE
    v_moved BOOLEAN := p_new_status_id <> p_old_status_id;
    v_new_code VARCHAR;
    v_reopen BOOLEAN;
    v_event_id BIGINT;
BEGIN
    SELECT s.code INTO v_new_code FROM app.status AS s WHERE s.status_id = p_new_status_id;
    v_reopen := v_moved
        AND EXISTS (SELECT 1 FROM app.status AS s WHERE s.status_id = p_old_status_id AND NOT s.is_open)
        AND EXISTS (SELECT 1 FROM app.status AS s WHERE s.status_id = p_new_status_id AND s.is_open);

    UPDATE app.ticket AS t
    SET status_id = p_new_status_id,
        resolved_at = CASE WHEN v_reopen THEN NULL ELSE t.resolved_at END,
        closed_at = CASE
            WHEN v_reopen THEN NULL
            WHEN v_moved AND v_new_code = 'cerrado' THEN p_now
            ELSE t.closed_at
        END,
        requester_replied_at = CASE
            WHEN p_body IS NOT NULL AND p_actor_staff_id IS NULL THEN p_now ELSE t.requester_replied_at
        END,
        row_version = t.row_version + 1,
        updated_at = p_now
    WHERE t.ticket_id = p_ticket_id;

    INSERT INTO app.ticket_event (
        ticket_id, occurred_at, event_type, is_public, actor_staff_id, old_status_id, new_status_id, body,
        idempotency_key
    )
    VALUES (
        p_ticket_id, p_now, p_event_type, TRUE, p_actor_staff_id,
        CASE WHEN v_moved THEN p_old_status_id END,
        CASE WHEN v_moved THEN p_new_status_id END,
        p_body, p_idempotency_key
    )
    RETURNING event_id INTO v_event_id;
    RETURN v_event_id;
END;
$$;
