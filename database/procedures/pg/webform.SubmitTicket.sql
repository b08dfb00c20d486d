-- webform.submit_ticket: create a ticket from the web form; returns its folio and access code.
-- Order: request keys; replay (same idempotency_key -> same folio and code, is_replay TRUE, no
-- validation, not counted; the same key with another name or description raises 1126);
-- validation (raises the FIRST problem of app.validate_ticket); rate
-- limits per client per hour and global per minute (app.check_submit_rate, which serializes one
-- client's writes until commit); insert ticket
-- ('nuevo', default priority), its public 'creado' event, attachments and the log row.
-- Two concurrent calls with one key: the unique key decides, the loser returns the replay.
-- p_stop_at_notice (the web form, before the requester chose about a known failure): when a
-- known-outage notice applies (app.match_incident_notice; campus and category given), nothing
-- is validated or written and the one row has folio NULL and notice_incident_id set, so the
-- form shows the notice first without a separate call (webform.find_incident_notice).
-- requires: app.ValidateTicket
-- requires: app.TicketAccessCode
-- requires: app.SanitizeFileName
-- requires: app.FormatFolio
-- requires: app.CheckSubmitRate
-- requires: app.Utf8Bytes
-- requires: app.MatchIncidentNotice
DROP FUNCTION IF EXISTS webform.submit_ticket(
    UUID, VARCHAR, VARCHAR, INT, INT, VARCHAR, VARCHAR, VARCHAR, INT, INT, VARCHAR, INT, VARCHAR, VARCHAR,
    VARCHAR, VARCHAR, INT, VARCHAR, VARCHAR, VARCHAR, BYTEA, VARCHAR, VARCHAR, BYTEA, VARCHAR, VARCHAR, BYTEA
);
CREATE OR REPLACE FUNCTION webform.submit_ticket(
    p_idempotency_key UUID,
    p_client_key VARCHAR,
    p_requester_name VARCHAR,
    p_requester_type_id INT,
    p_department_id INT,
    p_contact_email VARCHAR,
    p_contact_phone VARCHAR,
    p_control_number VARCHAR,
    p_campus_id INT,
    p_location_id INT,
    p_location_detail VARCHAR,
    p_equipment_id INT,
    p_equipment_tag VARCHAR,
    p_equipment_brand VARCHAR,
    p_equipment_serial VARCHAR,
    p_equipment_condition VARCHAR,
    p_category_id INT,
    p_description VARCHAR,
    p_attachment1_name VARCHAR DEFAULT NULL,
    p_attachment1_type VARCHAR DEFAULT NULL,
    p_attachment1_content BYTEA DEFAULT NULL,
    p_attachment2_name VARCHAR DEFAULT NULL,
    p_attachment2_type VARCHAR DEFAULT NULL,
    p_attachment2_content BYTEA DEFAULT NULL,
    p_attachment3_name VARCHAR DEFAULT NULL,
    p_attachment3_type VARCHAR DEFAULT NULL,
    p_attachment3_content BYTEA DEFAULT NULL,
    p_stop_at_notice BOOLEAN DEFAULT FALSE
)
RETURNS TABLE (
    folio VARCHAR, access_code VARCHAR, created_at TIMESTAMPTZ, is_replay BOOLEAN, notice_incident_id INT
)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, app, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    v_folio VARCHAR;
    v_created TIMESTAMPTZ;
    v_error INT;
    v_client BYTEA;
    v_ticket_id BIGINT;
    v_code VARCHAR;
    v_status_id SMALLINT;
    v_priority_id SMALLINT;
    v_tag VARCHAR;
    v_slot INT;
    v_att_name VARCHAR;
    v_att_type VARCHAR;
    v_att_content BYTEA;
    v_same BOOLEAN;
    v_notice INT;
BEGIN
    IF p_idempotency_key IS NULL OR nullif(btrim(p_client_key), '') IS NULL THEN
        PERFORM app.raise_error(1150);
    END IF;

    SELECT t.folio, t.created_at, t.requester_name = btrim(p_requester_name) AND t.description = btrim(p_description)
    INTO v_folio, v_created, v_same
    FROM app.ticket AS t
    WHERE t.idempotency_key = p_idempotency_key;
    IF v_folio IS NOT NULL THEN
        -- the same key with another name or description is not a retry but a changed form sent
        -- again (Back, edit, send): say so instead of answering with the first ticket (1126)
        IF NOT coalesce(v_same, FALSE) THEN
            PERFORM app.raise_error(1126);
        END IF;
        RETURN QUERY SELECT v_folio, app.ticket_access_code(p_idempotency_key), v_created, TRUE, NULL::INT;
        RETURN;
    END IF;

    IF p_stop_at_notice AND p_campus_id IS NOT NULL AND p_category_id IS NOT NULL THEN
        v_notice := app.match_incident_notice(p_campus_id, p_location_id, p_category_id);
        IF v_notice IS NOT NULL THEN
            RETURN QUERY SELECT NULL::VARCHAR, NULL::VARCHAR, NULL::TIMESTAMPTZ, FALSE, v_notice;
            RETURN;
        END IF;
    END IF;

    SELECT v.error_id INTO v_error
    FROM app.validate_ticket(
        p_requester_name, p_requester_type_id, p_department_id, p_contact_email,
        p_contact_phone, p_control_number, p_campus_id, p_location_id, p_location_detail,
        p_equipment_id, p_equipment_tag, p_equipment_brand, p_equipment_serial,
        p_equipment_condition, p_category_id, p_description,
        p_attachment1_name, p_attachment1_type, p_attachment1_content,
        p_attachment2_name, p_attachment2_type, p_attachment2_content,
        p_attachment3_name, p_attachment3_type, p_attachment3_content
    ) AS v
    WHERE v.ordinal = 1;  -- the first problem (ordinals count 1, 2, ... in form order): no sort
    IF v_error IS NOT NULL THEN
        PERFORM app.raise_error(v_error);
    END IF;

    -- Rate limits per client and global (app.check_submit_rate): it takes the per-client lock,
    -- held until this transaction ends, so its count and the log insert below are serialized.
    v_client := app.check_submit_rate(p_client_key);

    -- status, default priority and folio in one statement
    v_ticket_id := nextval('app.ticket_seq');
    SELECT
        (SELECT s.status_id FROM app.status AS s WHERE s.code = 'nuevo'),
        (
            SELECT p.priority_id
            FROM app.priority AS p
            WHERE p.is_default AND p.is_active
            ORDER BY p.rank
            LIMIT 1
        ),
        f.folio
    INTO v_status_id, v_priority_id, v_folio
    FROM app.format_folio(v_ticket_id, now()) AS f;
    v_code := app.ticket_access_code(p_idempotency_key);
    v_tag := nullif(btrim(p_equipment_tag), '');
    IF v_tag IS NULL AND p_equipment_id IS NOT NULL THEN
        SELECT e.inventory_tag INTO v_tag FROM app.equipment AS e WHERE e.equipment_id = p_equipment_id;
    END IF;

    INSERT INTO app.ticket (
        ticket_id, folio, access_code_hash, idempotency_key,
        requester_name, requester_type_id, department_id, contact_email, contact_phone,
        control_number, campus_id, location_id, location_detail, equipment_id, equipment_tag,
        equipment_brand, equipment_serial, equipment_condition, category_id, description,
        status_id, priority_id
    )
    VALUES (
        v_ticket_id, v_folio, sha256(app.utf8_bytes(v_code)), p_idempotency_key,
        btrim(p_requester_name), p_requester_type_id, p_department_id,
        lower(nullif(btrim(p_contact_email), '')), nullif(btrim(p_contact_phone), ''),
        upper(nullif(btrim(p_control_number), '')), p_campus_id, p_location_id,
        nullif(btrim(p_location_detail), ''), p_equipment_id, v_tag,
        nullif(btrim(p_equipment_brand), ''), nullif(btrim(p_equipment_serial), ''),
        nullif(btrim(p_equipment_condition), ''), p_category_id, btrim(p_description),
        v_status_id, v_priority_id
    )
    ON CONFLICT (idempotency_key) DO NOTHING
    RETURNING app.ticket.created_at INTO v_created;

    IF v_created IS NULL THEN
        -- A concurrent call with the same key committed first: answer as its replay.
        SELECT t.folio, t.created_at INTO v_folio, v_created
        FROM app.ticket AS t
        WHERE t.idempotency_key = p_idempotency_key;
        RETURN QUERY SELECT v_folio, v_code, v_created, TRUE, NULL::INT;
        RETURN;
    END IF;

    -- its public 'creado' event and the rate-limit log row, in one statement
    WITH created_event AS (
        INSERT INTO app.ticket_event (ticket_id, occurred_at, event_type, is_public, new_status_id, new_priority_id)
        VALUES (v_ticket_id, v_created, 'creado', TRUE, v_status_id, v_priority_id)
    )

    INSERT INTO app.submission_log (client_key, submitted_at) VALUES (v_client, v_created);

    FOR v_slot IN 1..3 LOOP
        v_att_content := CASE v_slot WHEN 1 THEN p_attachment1_content WHEN 2 THEN p_attachment2_content
            ELSE p_attachment3_content END;
        CONTINUE WHEN v_att_content IS NULL;
        v_att_name := CASE v_slot WHEN 1 THEN p_attachment1_name WHEN 2 THEN p_attachment2_name
            ELSE p_attachment3_name END;
        v_att_type := lower(btrim(CASE v_slot WHEN 1 THEN p_attachment1_type WHEN 2 THEN p_attachment2_type
            ELSE p_attachment3_type END));
        INSERT INTO app.attachment (ticket_id, file_name, content_type, byte_size, content)
        VALUES (
            v_ticket_id, app.sanitize_file_name(v_att_name, v_slot, v_att_type), v_att_type,
            octet_length(v_att_content), v_att_content
        );
    END LOOP;

    RETURN QUERY SELECT v_folio, v_code, v_created, FALSE, NULL::INT;
END;
$$;
