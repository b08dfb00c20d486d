-- webform.add_requester_reply: a message (and up to attachment_max_count photos) from the
-- requester, by folio + access code. Order: request keys (1150); the lookup (0 rows for a miss,
-- counted by app.find_ticket_by_code); the ticket row is locked; replay (the same
-- idempotency key on this ticket -> the first answer, is_replay TRUE, nothing checked or
-- counted; the key of another ticket -> 1150); body (app.check_reply_body: 1119, 1202);
-- status must be open (1203); photos (app.check_attachments: 1121-1125, at most
-- attachment_max_per_ticket in the ticket: 1204); rate limits shared with new tickets
-- (app.check_submit_rate: 1160, 1161). Then one public 'solicitante' event; if the ticket was
-- in a status with app.status_transition rows of actor 'solicitante_responde' ('en_espera'), it
-- moves along one of them: back to the status it was put on hold from when there is such a row to
-- it, else to the row's target latest in the status order ('en_proceso'); same transaction and event.
-- The row lock and the replay: app.lock_requester_ticket; the move and its event: app.move_ticket_status.
-- requires: app.FindTicketByCode
-- requires: app.LockRequesterTicket
-- requires: app.CheckReplyBody
-- requires: app.MoveTicketStatus
-- requires: app.CheckAttachments
-- requires: app.CheckSubmitRate
-- requires: app.SanitizeFileName
CREATE OR REPLACE FUNCTION webform.add_requester_reply(
    p_folio VARCHAR,
    p_access_code VARCHAR,
    p_body VARCHAR,
    p_client_key VARCHAR,
    p_idempotency_key UUID,
    p_attachment1_name VARCHAR DEFAULT NULL,
    p_attachment1_type VARCHAR DEFAULT NULL,
    p_attachment1_content BYTEA DEFAULT NULL,
    p_attachment2_name VARCHAR DEFAULT NULL,
    p_attachment2_type VARCHAR DEFAULT NULL,
    p_attachment2_content BYTEA DEFAULT NULL,
    p_attachment3_name VARCHAR DEFAULT NULL,
    p_attachment3_type VARCHAR DEFAULT NULL,
    p_attachment3_content BYTEA DEFAULT NULL
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
    v_is_open BOOLEAN;
    v_new_status SMALLINT;
    v_max_total INT;
    v_used INT;
    v_photos INT;
    v_slot INT;
    v_att_name VARCHAR;
    v_att_type VARCHAR;
    v_att_content BYTEA;
    v_error INT;
    v_client BYTEA;
    v_event_id BIGINT;
BEGIN
    IF p_idempotency_key IS NULL OR nullif(btrim(p_client_key), '') IS NULL THEN
        PERFORM app.raise_error(1150);
    END IF;
    v_ticket_id := app.find_ticket_by_code(p_folio, p_access_code, p_client_key);
    IF v_ticket_id IS NULL THEN
        RETURN;  -- a miss: 0 rows, and the miss stays recorded (an error would roll it back)
    END IF;
    v_occurred := app.lock_requester_ticket(v_ticket_id, p_idempotency_key);
    SELECT t.status_id, s.is_open INTO v_status_id, v_is_open
    FROM app.ticket AS t
    INNER JOIN app.status AS s ON t.status_id = s.status_id
    WHERE t.ticket_id = v_ticket_id;
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
    IF NOT v_is_open THEN
        PERFORM app.raise_error(1203);
    END IF;

    v_max_total := app.setting_value('attachment_max_per_ticket');
    v_used := (p_attachment1_name IS NOT NULL OR p_attachment1_type IS NOT NULL OR p_attachment1_content IS NOT NULL)::INT
        + (p_attachment2_name IS NOT NULL OR p_attachment2_type IS NOT NULL OR p_attachment2_content IS NOT NULL)::INT
        + (p_attachment3_name IS NOT NULL OR p_attachment3_type IS NOT NULL OR p_attachment3_content IS NOT NULL)::INT;
    v_error := (SELECT c.error_id FROM app.check_attachments(
        p_attachment1_name, p_attachment1_type, p_attachment1_content, p_attachment2_name, p_attachment2_type,
        p_attachment2_content, p_attachment3_name, p_attachment3_type, p_attachment3_content,
        app.setting_value('attachment_max_count'), app.setting_value('attachment_max_bytes')
    ) AS c ORDER BY c.slot LIMIT 1);  -- the first problem
    IF v_error IS NOT NULL THEN
        PERFORM app.raise_error(v_error);
    END IF;
    IF v_used > 0 THEN
        SELECT count(*) INTO v_photos FROM app.attachment AS a WHERE a.ticket_id = v_ticket_id;
        IF v_photos + v_used > v_max_total THEN
            PERFORM app.raise_error(1204);
        END IF;
    END IF;

    v_client := app.check_submit_rate(p_client_key);

    v_new_status := v_status_id;
    IF EXISTS (
        SELECT 1 FROM app.status_transition AS st
        WHERE st.from_status_id = v_status_id AND st.actor = 'solicitante_responde'
    ) THEN
        SELECT st.to_status_id INTO v_new_status
        FROM app.status_transition AS st
        INNER JOIN app.status AS s ON st.to_status_id = s.status_id
        LEFT JOIN LATERAL (
            SELECT e.old_status_id
            FROM app.ticket_event AS e
            WHERE e.ticket_id = v_ticket_id AND e.new_status_id = v_status_id AND e.old_status_id <> v_status_id
            ORDER BY e.event_id DESC
            LIMIT 1
        ) AS held ON TRUE
        WHERE st.from_status_id = v_status_id AND st.actor = 'solicitante_responde'
        ORDER BY coalesce(st.to_status_id = held.old_status_id, FALSE) DESC, s.sort_order DESC
        LIMIT 1;
    END IF;

    v_occurred := now();
    v_event_id := app.move_ticket_status(
        v_ticket_id, v_status_id, v_new_status, 'solicitante', v_body, p_idempotency_key, v_occurred
    );

    FOR v_slot IN 1..3 LOOP
        v_att_content := CASE v_slot WHEN 1 THEN p_attachment1_content WHEN 2 THEN p_attachment2_content
            ELSE p_attachment3_content END;
        CONTINUE WHEN v_att_content IS NULL;
        v_att_name := CASE v_slot WHEN 1 THEN p_attachment1_name WHEN 2 THEN p_attachment2_name
            ELSE p_attachment3_name END;
        v_att_type := lower(btrim(CASE v_slot WHEN 1 THEN p_attachment1_type WHEN 2 THEN p_attachment2_type
            ELSE p_attachment3_type END));
        INSERT INTO app.attachment (ticket_id, file_name, content_type, byte_size, content, event_id)
        VALUES (
            v_ticket_id, app.sanitize_file_name(v_att_name, v_slot, v_att_type), v_att_type,
            octet_length(v_att_content), v_att_content, v_event_id
        );
    END LOOP;

    INSERT INTO app.submission_log (client_key, submitted_at) VALUES (v_client, v_occurred);

    RETURN QUERY
    SELECT t.folio, s.code, s.name, v_occurred, FALSE
    FROM app.ticket AS t
    INNER JOIN app.status AS s ON t.status_id = s.status_id
    WHERE t.ticket_id = v_ticket_id;
END;
$$;
