-- webform.list_field_rules: the limits of the web form's fields, for the web tier's
-- data-rule-* attributes, from the ONE source the database enforces: app.field_rule (lengths,
-- required, patterns, rating bounds: app.validate_ticket and the requester procedures read
-- them), app.setting (photos: max_count, max_bytes, max_per_ticket) and app.requester_type
-- (control_number required_when / allowed_when: ids of the active types with
-- needs_control_number). contact_email / location_id carry the "one of two" rules.
-- error_id / message: what the database raises when the rule is broken.
CREATE OR REPLACE FUNCTION webform.list_field_rules()
RETURNS TABLE (field_name VARCHAR, rule_name VARCHAR, rule_value VARCHAR, error_id INT, message VARCHAR)
LANGUAGE plpgsql
STABLE
SECURITY DEFINER
SET search_path = pg_catalog, app, pg_temp
AS $$
DECLARE
    v_types VARCHAR;
BEGIN
    SELECT coalesce(string_agg(rt.requester_type_id::TEXT, ',' ORDER BY rt.requester_type_id), '')
    INTO v_types
    FROM app.requester_type AS rt
    WHERE rt.needs_control_number AND rt.is_active;

    RETURN QUERY
    SELECT r.field_name, r.rule_name, r.rule_value, r.error_id, em.message
    FROM (
        SELECT fr.field_name, fr.rule_name, fr.rule_value, fr.error_id, fr.sort_order
        FROM app.field_rule AS fr
        UNION ALL
        SELECT
            x.field_name::VARCHAR, x.rule_name::VARCHAR, x.rule_value::VARCHAR, x.error_id, x.sort_order::SMALLINT
        FROM (
            VALUES
            ('contact_email', 'required_one_of', 'contact_email,contact_phone', 1106, 39),
            ('control_number', 'required_when', v_types, 1110, 58),
            ('control_number', 'allowed_when', v_types, 1214, 59),
            ('location_id', 'required_one_of', 'location_id,location_detail', 1114, 79),
            ('attachments', 'content_types', 'image/png,image/jpeg,image/webp', 1123, 150)
        ) AS x (field_name, rule_name, rule_value, error_id, sort_order)
        UNION ALL
        SELECT
            'attachments'::VARCHAR,
            (CASE s.setting_key
                WHEN 'attachment_max_count' THEN 'max_count'
                WHEN 'attachment_max_bytes' THEN 'max_bytes'
                ELSE 'max_per_ticket'
            END)::VARCHAR,
            s.setting_value::VARCHAR,
            CASE s.setting_key WHEN 'attachment_max_count' THEN 1121 WHEN 'attachment_max_bytes' THEN 1122 ELSE 1204 END,
            (CASE s.setting_key WHEN 'attachment_max_count' THEN 151 WHEN 'attachment_max_bytes' THEN 152 ELSE 153 END)
            ::SMALLINT
        FROM app.setting AS s
        WHERE s.setting_key IN ('attachment_max_count', 'attachment_max_bytes', 'attachment_max_per_ticket')
    ) AS r
    LEFT JOIN app.error_message AS em ON r.error_id = em.error_id
    ORDER BY r.sort_order, r.field_name, r.rule_name;
END;
$$;
