-- staff.mark_ticket_seen: the operator opened this ticket, so it is no longer "new" for them
-- (staff.list_queue's is_new). Called by the desktop app when a ticket is shown.
CREATE OR REPLACE FUNCTION staff.mark_ticket_seen(p_token BYTEA, p_ticket_id BIGINT)
RETURNS VOID
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, app, pg_temp
AS $$
DECLARE
    v_staff_id INT;
BEGIN
    v_staff_id := app.require_session(p_token, 'operador');
    IF NOT EXISTS (SELECT 1 FROM app.ticket AS t WHERE t.ticket_id = p_ticket_id) THEN
        PERFORM app.raise_error(3001);
    END IF;
    INSERT INTO app.ticket_seen AS ts (staff_id, ticket_id, seen_at)
    VALUES (v_staff_id, p_ticket_id, now())
    ON CONFLICT (staff_id, ticket_id) DO UPDATE SET seen_at = excluded.seen_at;
END;
$$;
