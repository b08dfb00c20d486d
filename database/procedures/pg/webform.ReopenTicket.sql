-- webform.reopen_ticket: the requester says a resolved ticket is not solved, by folio + access
-- code, along the app.status_transition row of actor 'solicitante_reabre' from the ticket's
-- status ('resuelto' -> 'en_proceso'; resolved_at and closed_at cleared, as staff.change_status
-- does when reopening) with a public 'reabierto' event holding the required message.
-- Only while now <= app.reopen_until (resolved_at + reopen_window_days; 1208); no such row 1207; message
-- as a reply's (1119, 1202). Idempotency key as in add_requester_reply (replay before the
-- checks; another ticket's key 1150). A miss gives 0 rows (counted by app.find_ticket_by_code).
-- requires: app.FindTicketByCode
-- requires: app.LockRequesterTicket
-- requires: app.CheckReplyBody
-- requires: app.MoveTicketStatus
-- requires: app.ReopenUntil
CREATE OR REPLACE FUNCTION webform.reopen_ticket(
    p_folio VARCHAR,
    p_access_code VARCHAR,
    p_body VARCHAR,
    p_client_key VARCHAR,
    p_idempotency_key UUID
)
RETURNS TABLE (folio VARCHAR, status_code VARCHAR, status_name VARCHAR, occurred_at TIMESTAMPTZ, is_replay BOOLEAN)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, app, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    v_ticket_id BIGINT;
    v_occurred TIMESTAMPTZ;
    v_body VARCHAR := nullif(btrim(p_body), '');
    v_status_id SMALLINT;
    v_reopened SMALLINT;
BEGIN
    IF p_idempotency_key IS NULL OR nullif(btrim(p_client_key), '') IS NULL THEN
        PERFORM app.raise_error(1150);
    END IF;
    v_ticket_id := app.find_ticket_by_code(p_folio, p_access_code, p_client_key);
    IF v_ticket_id IS NULL THEN
        RETURN;  -- a miss: 0 rows, and the miss stays recorded (an error would roll it back)
    END IF;
    v_occurred := app.lock_requester_ticket(v_ticket_id, p_idempotency_key);
    SELECT t.status_id INTO v_status_id FROM app.ticket AS t WHERE t.ticket_id = v_ticket_id;
    IF v_occurred IS NOT NULL THEN
        -- the same key with another text: a changed message sent again, not a retry (1127)
        IF EXISTS (
            SELECT 1 FROM app.ticket_event AS e
            WHERE e.idempotency_key = p_idempotency_key AND e.body IS DISTINCT FROM v_body
        ) THEN
            PERFORM app.raise_error(1127);
        END IF;
        RETURN QUERY
        SELECT t.folio, s.code, s.name, v_occurred, TRUE
        FROM app.ticket AS t
        INNER JOIN app.status AS s ON t.status_id = s.status_id
        WHERE t.ticket_id = v_ticket_id;
        RETURN;
    END IF;

    PERFORM app.check_reply_body(v_body);
    SELECT st.to_status_id INTO v_reopened
    FROM app.status_transition AS st
    WHERE st.from_status_id = v_status_id AND st.actor = 'solicitante_reabre';
    IF v_reopened IS NULL THEN
        PERFORM app.raise_error(1207);
    END IF;
    IF now() > app.reopen_until(v_ticket_id) THEN
        PERFORM app.raise_error(1208);
    END IF;

    v_occurred := now();
    PERFORM app.move_ticket_status(
        v_ticket_id, v_status_id, v_reopened, 'reabierto', v_body, p_idempotency_key, v_occurred
    );

    RETURN QUERY
    SELECT t.folio, s.code, s.name, v_occurred, FALSE
    FROM app.ticket AS t
    INNER JOIN app.status AS s ON t.status_id = s.status_id
    WHERE t.ticket_id = v_ticket_id;
END;
$$;
