-- staff.add_comment: an internal note (p_is_public false, event 'nota') or a public reply
-- shown on the status page (event 'respuesta', counts as the first response). A public reply
-- may carry up to attachment_max_count images (a screenshot of the fix, a how-to picture),
-- checked like the requester's (app.check_attachments: 1121-1125) and counted against
-- attachment_max_per_ticket (3104); images on an internal note are refused (3103), so a note
-- can never make a picture public. The images belong to the reply's event.
-- requires: app.LockTicketForChange
-- requires: app.CheckAttachments
-- requires: app.SanitizeFileName
DROP FUNCTION IF EXISTS staff.add_comment(BYTEA, BIGINT, INT, VARCHAR, BOOLEAN);
CREATE OR REPLACE FUNCTION staff.add_comment(
    p_token BYTEA,
    p_ticket_id BIGINT,
    p_row_version INT,
    p_body VARCHAR,
    p_is_public BOOLEAN,
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
    v_body VARCHAR(4000);
    v_public BOOLEAN := coalesce(p_is_public, FALSE);
    v_event_id BIGINT;
    v_used INT;
    v_slot INT;
    v_att_name VARCHAR;
    v_att_type VARCHAR;
    v_att_content BYTEA;
    v_error INT;
    v_photos INT;
BEGIN
    v_staff_id := app.require_session(p_token, 'operador');
    IF p_ticket_id IS NULL OR p_row_version IS NULL THEN
        PERFORM app.raise_error(1001);
    END IF;
    IF nullif(btrim(coalesce(p_body, '')), '') IS NULL OR length(p_body) > 4000 THEN
        PERFORM app.raise_error(3006);
    END IF;
    v_body := btrim(p_body);
    v_used := (p_attachment1_name IS NOT NULL OR p_attachment1_type IS NOT NULL OR p_attachment1_content IS NOT NULL)::INT
        + (p_attachment2_name IS NOT NULL OR p_attachment2_type IS NOT NULL OR p_attachment2_content IS NOT NULL)::INT
        + (p_attachment3_name IS NOT NULL OR p_attachment3_type IS NOT NULL OR p_attachment3_content IS NOT NULL)::INT;
    IF v_used > 0 AND NOT v_public THEN
        PERFORM app.raise_error(3103);
    END IF;
    v_error := (SELECT c.error_id FROM app.check_attachments(
        p_attachment1_name, p_attachment1_type, p_attachment1_content, p_attachment2_name, p_attachment2_type,
        p_attachment2_content, p_attachment3_name, p_attachment3_type, p_attachment3_content,
        app.setting_value('attachment_max_count'), app.setting_value('attachment_max_bytes')
    ) AS c ORDER BY c.slot LIMIT 1);  -- the first problem
    IF v_error IS NOT NULL THEN
        PERFORM app.raise_error(v_error);
    END IF;
    PERFORM app.lock_ticket_for_change(p_ticket_id, p_row_version, FALSE);
    IF v_used > 0 THEN
        SELECT count(*) INTO v_photos FROM app.attachment AS a WHERE a.ticket_id = p_ticket_id;
        IF v_photos + v_used > app.setting_value('attachment_max_per_ticket') THEN
            PERFORM app.raise_error(3104);
        END IF;
    END IF;

    UPDATE app.ticket AS t
    SET first_response_at = CASE WHEN v_public THEN coalesce(t.first_response_at, now()) ELSE t.first_response_at END,
        row_version = t.row_version + 1,
        updated_at = now()
    WHERE t.ticket_id = p_ticket_id;

    INSERT INTO app.ticket_event (ticket_id, event_type, is_public, actor_staff_id, body)
    VALUES (p_ticket_id, CASE WHEN v_public THEN 'respuesta' ELSE 'nota' END, v_public, v_staff_id, v_body)
    RETURNING event_id INTO v_event_id;

    FOR v_slot IN 1..3 LOOP
        CONTINUE WHEN v_used = 0;
        v_att_content := CASE v_slot WHEN 1 THEN p_attachment1_content WHEN 2 THEN p_attachment2_content
            ELSE p_attachment3_content END;
        CONTINUE WHEN v_att_content IS NULL;
        v_att_name := CASE v_slot WHEN 1 THEN p_attachment1_name WHEN 2 THEN p_attachment2_name
            ELSE p_attachment3_name END;
        v_att_type := lower(btrim(CASE v_slot WHEN 1 THEN p_attachment1_type WHEN 2 THEN p_attachment2_type
            ELSE p_attachment3_type END));
        INSERT INTO app.attachment (ticket_id, file_name, content_type, byte_size, content, event_id)
        VALUES (
            p_ticket_id, app.sanitize_file_name(v_att_name, v_slot, v_att_type), v_att_type,
            octet_length(v_att_content), v_att_content, v_event_id
        );
    END LOOP;

    RETURN QUERY
    SELECT t.ticket_id, t.row_version, t.status_id::INT, t.priority_id::INT, t.assigned_to, t.updated_at, v_event_id
    FROM app.ticket AS t
    WHERE t.ticket_id = p_ticket_id;
END;
$$;
