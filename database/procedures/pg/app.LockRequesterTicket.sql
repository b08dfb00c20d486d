-- app.lock_requester_ticket: the shared start of a requester's action on a ticket found by
-- folio + access code (webform.add_requester_reply, reopen_ticket, confirm_resolution).
-- Locks the ticket's row until the caller's transaction ends (FOR UPDATE). With a
-- p_idempotency_key already used by an event: of another ticket raises 1150; of this one
-- returns that event's time (the caller answers is_replay TRUE and changes nothing); else NULL.
-- Internal: called by the webform.* functions (SECURITY DEFINER), never granted.
-- requires: app.RaiseError
CREATE OR REPLACE FUNCTION app.lock_requester_ticket(p_ticket_id BIGINT, p_idempotency_key UUID)
RETURNS TIMESTAMPTZ
LANGUAGE plpgsql
SET search_path = pg_catalog, app, pg_temp
AS $$
DECLARE
    v_event_ticket BIGINT;
    v_replay_at TIMESTAMPTZ;
BEGIN
    PERFORM 1 FROM app.ticket AS t WHERE t.ticket_id = p_ticket_id FOR UPDATE;

    IF p_idempotency_key IS NOT NULL THEN
        SELECT e.ticket_id, e.occurred_at INTO v_event_ticket, v_replay_at
        FROM app.ticket_event AS e
        WHERE e.idempotency_key = p_idempotency_key;
        IF v_event_ticket <> p_ticket_id THEN
            PERFORM app.raise_error(1150);
        END IF;
    END IF;
    RETURN v_replay_at;
END;
$$;
