-- webform.reopen_ticket: the requester says a resolved ticket is not solved, by folio + access
-- code: 'resuelto' -> 'en_proceso' (resolved_at and closed_at cleared, as staff.change_status
-- does when reopening) with a public 'reabierto' event holding the required message.
-- Only while now <= resolved_at + reopen_window_days (1208); other statuses 1207; message
-- as a reply's (1119, 1202). Idempotency key as in add_requester_reply (replay before the
-- checks; another ticket's key 1150). A miss gives 0 rows (counted by app.find_ticket_by_code).
-- requires: app.FindTicketByCode
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
    c_ctrl_text CONSTANT TEXT := '[' || chr(1) || '-' || chr(8) || chr(11) || chr(12)
        || chr(14) || '-' || chr(31) || chr(127) || ']';
    v_ticket_id BIGINT;
    v_event_ticket BIGINT;
    v_occurred TIMESTAMPTZ;
    v_body VARCHAR := nullif(btrim(p_body), '');
    v_min INT;
    v_max INT;
    v_status_id SMALLINT;
    v_code VARCHAR;
    v_resolved_at TIMESTAMPTZ;
    v_window INT;
    v_reopened SMALLINT;
BEGIN
    IF p_idempotency_key IS NULL OR nullif(btrim(p_client_key), '') IS NULL THEN
        PERFORM app.raise_error(1150);
    END IF;
    v_ticket_id := app.find_ticket_by_code(p_folio, p_access_code, p_client_key);
    IF v_ticket_id IS NULL THEN
        RETURN;  -- a miss: 0 rows, and the miss stays recorded (an error would roll it back)
    END IF;
    SELECT t.status_id, s.code, coalesce(t.resolved_at, t.updated_at) INTO v_status_id, v_code, v_resolved_at
    FROM app.ticket AS t
    INNER JOIN app.status AS s ON t.status_id = s.status_id
    WHERE t.ticket_id = v_ticket_id
    FOR UPDATE OF t;

    SELECT e.ticket_id, e.occurred_at INTO v_event_ticket, v_occurred
    FROM app.ticket_event AS e
    WHERE e.idempotency_key = p_idempotency_key;
    IF v_event_ticket IS NOT NULL THEN
        IF v_event_ticket <> v_ticket_id THEN
            PERFORM app.raise_error(1150);
        END IF;
        RETURN QUERY
        SELECT t.folio, s.code, s.name, v_occurred, TRUE
        FROM app.ticket AS t
        INNER JOIN app.status AS s ON t.status_id = s.status_id
        WHERE t.ticket_id = v_ticket_id;
        RETURN;
    END IF;

    SELECT
        max(fr.rule_value::INT) FILTER (WHERE fr.rule_name = 'min_length'),
        max(fr.rule_value::INT) FILTER (WHERE fr.rule_name = 'max_length')
    INTO v_min, v_max
    FROM app.field_rule AS fr
    WHERE fr.field_name = 'reply_body';
    IF v_body ~ c_ctrl_text THEN
        PERFORM app.raise_error(1119);
    END IF;
    IF v_body IS NULL OR length(v_body) NOT BETWEEN v_min AND v_max THEN
        PERFORM app.raise_error(1202);
    END IF;
    IF v_code <> 'resuelto' THEN
        PERFORM app.raise_error(1207);
    END IF;
    SELECT coalesce(max(s.setting_value), 7) INTO v_window
    FROM app.setting AS s WHERE s.setting_key = 'reopen_window_days';
    IF now() > v_resolved_at + make_interval(days => v_window) THEN
        PERFORM app.raise_error(1208);
    END IF;

    SELECT s.status_id INTO v_reopened FROM app.status AS s WHERE s.code = 'en_proceso';
    UPDATE app.ticket AS t
    SET status_id = v_reopened,
        resolved_at = NULL,
        closed_at = NULL,
        requester_replied_at = now(),
        row_version = t.row_version + 1,
        updated_at = now()
    WHERE t.ticket_id = v_ticket_id;
    INSERT INTO app.ticket_event (
        ticket_id, event_type, is_public, old_status_id, new_status_id, body, idempotency_key
    )
    VALUES (v_ticket_id, 'reabierto', TRUE, v_status_id, v_reopened, v_body, p_idempotency_key)
    RETURNING occurred_at INTO v_occurred;

    RETURN QUERY
    SELECT t.folio, s.code, s.name, v_occurred, FALSE
    FROM app.ticket AS t
    INNER JOIN app.status AS s ON t.status_id = s.status_id
    WHERE t.ticket_id = v_ticket_id;
END;
$$;
