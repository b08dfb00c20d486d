-- app.check_reply_body: a requester's message text (webform.add_requester_reply,
-- reopen_ticket), already trimmed (NULL when empty): control characters raise 1119; NULL or a
-- length outside the 'reply_body' min_length..max_length of app.field_rule raises 1202.
-- Internal: called by the webform.* functions (SECURITY DEFINER), never granted.
-- requires: app.RaiseError
CREATE OR REPLACE FUNCTION app.check_reply_body(p_text VARCHAR)
RETURNS VOID
LANGUAGE plpgsql
SET search_path = pg_catalog, app, pg_temp
AS $$
DECLARE
    c_ctrl_text CONSTANT TEXT := '[' || chr(1) || '-' || chr(8) || chr(11) || chr(12)
        || chr(14) || '-' || chr(31) || chr(127) || ']';
    v_min INT;
    v_max INT;
BEGIN
    SELECT
        max(fr.rule_value::INT) FILTER (WHERE fr.rule_name = 'min_length'),
        max(fr.rule_value::INT) FILTER (WHERE fr.rule_name = 'max_length')
    INTO v_min, v_max
    FROM app.field_rule AS fr
    WHERE fr.field_name = 'reply_body';
    IF p_text ~ c_ctrl_text THEN
        PERFORM app.raise_error(1119);
    END IF;
    IF p_text IS NULL OR length(p_text) NOT BETWEEN v_min AND v_max THEN
        PERFORM app.raise_error(1202);
    END IF;
END;
$$;
