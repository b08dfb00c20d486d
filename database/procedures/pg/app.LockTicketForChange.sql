-- app.lock_ticket_for_change: the shared start of every staff change to a ticket.
-- Locks the ticket's row until the caller's transaction ends (FOR UPDATE) and checks it:
-- 3001 when it does not exist, 3002 when p_row_version is not the current one (someone
-- changed it since the caller read it), 3008 when p_require_open and its status is closed.
-- Internal: called by the staff.* change functions (SECURITY DEFINER), never granted.
CREATE OR REPLACE FUNCTION app.lock_ticket_for_change(
    p_ticket_id BIGINT, p_row_version INT, p_require_open BOOLEAN
)
RETURNS VOID
LANGUAGE plpgsql
SET search_path = pg_catalog, app, pg_temp
AS $$
DECLARE
    v_row_version INT;
    v_status_id SMALLINT;
BEGIN
    SELECT t.row_version, t.status_id INTO v_row_version, v_status_id
    FROM app.ticket AS t
    WHERE t.ticket_id = p_ticket_id
    FOR UPDATE;
    IF NOT FOUND THEN
        PERFORM app.raise_error(3001);
    END IF;
    IF v_row_version <> p_row_version THEN
        PERFORM app.raise_error(3002);
    END IF;
    IF p_require_open AND NOT (SELECT s.is_open FROM app.status AS s WHERE s.status_id = v_status_id) THEN
        PERFORM app.raise_error(3008);
    END IF;
END;
$$;
