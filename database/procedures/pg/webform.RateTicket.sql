-- webform.rate_ticket: one satisfaction rating (1-5, optional comment) per ticket, by folio +
-- access code, while the ticket is 'resuelto' or 'cerrado'. Checks: rating (1210, bounds from
-- app.field_rule), comment (1119, 1211), status (1212), once per ticket (1213: the primary
-- key of app.ticket_rating decides between concurrent calls). Stores the ticket's operator,
-- category and campus at rating time and an internal 'calificado' event without text (the
-- value is for administrators' statistics only). The ticket row itself does not change.
-- A miss gives 0 rows (counted by app.find_ticket_by_code).
-- requires: app.FindTicketByCode
CREATE OR REPLACE FUNCTION webform.rate_ticket(
    p_folio VARCHAR,
    p_access_code VARCHAR,
    p_rating INT,
    p_comment VARCHAR,
    p_client_key VARCHAR
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
    v_comment VARCHAR := nullif(btrim(p_comment), '');
    v_min INT;
    v_max INT;
    v_comment_max INT;
    v_code VARCHAR;
    v_occurred TIMESTAMPTZ;
BEGIN
    v_ticket_id := app.find_ticket_by_code(p_folio, p_access_code, p_client_key);
    IF v_ticket_id IS NULL THEN
        RETURN;  -- a miss: 0 rows, and the miss stays recorded (an error would roll it back)
    END IF;
    SELECT
        max(fr.rule_value::INT) FILTER (WHERE fr.field_name = 'rating' AND fr.rule_name = 'min_value'),
        max(fr.rule_value::INT) FILTER (WHERE fr.field_name = 'rating' AND fr.rule_name = 'max_value'),
        max(fr.rule_value::INT) FILTER (WHERE fr.field_name = 'rating_comment' AND fr.rule_name = 'max_length')
    INTO v_min, v_max, v_comment_max
    FROM app.field_rule AS fr
    WHERE fr.field_name IN ('rating', 'rating_comment');
    IF p_rating IS NULL OR p_rating NOT BETWEEN v_min AND v_max THEN
        PERFORM app.raise_error(1210);
    END IF;
    IF v_comment ~ c_ctrl_text THEN
        PERFORM app.raise_error(1119);
    END IF;
    IF length(v_comment) > v_comment_max THEN
        PERFORM app.raise_error(1211);
    END IF;

    SELECT s.code INTO v_code
    FROM app.ticket AS t
    INNER JOIN app.status AS s ON t.status_id = s.status_id
    WHERE t.ticket_id = v_ticket_id;
    IF v_code NOT IN ('resuelto', 'cerrado') THEN
        PERFORM app.raise_error(1212);
    END IF;

    INSERT INTO app.ticket_rating (ticket_id, rating, comment, operator_id, category_id, campus_id)
    SELECT t.ticket_id, p_rating, v_comment, t.assigned_to, t.category_id, t.campus_id
    FROM app.ticket AS t
    WHERE t.ticket_id = v_ticket_id
    ON CONFLICT (ticket_id) DO NOTHING
    RETURNING rated_at INTO v_occurred;
    IF v_occurred IS NULL THEN
        PERFORM app.raise_error(1213);
    END IF;
    INSERT INTO app.ticket_event (ticket_id, occurred_at, event_type, is_public)
    VALUES (v_ticket_id, v_occurred, 'calificado', FALSE);

    RETURN QUERY
    SELECT t.folio, s.code, s.name, v_occurred, FALSE
    FROM app.ticket AS t
    INNER JOIN app.status AS s ON t.status_id = s.status_id
    WHERE t.ticket_id = v_ticket_id;
END;
$$;
