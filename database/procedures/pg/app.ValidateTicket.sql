-- app.validate_ticket: every validation rule of a web ticket, in ONE place (used by
-- webform.check_ticket and webform.submit_ticket). Returns one row per problem
-- (at most one per field), in form order: the first row is the error submit_ticket raises.
-- Text is trimmed (spaces) and an empty string counts as missing, as submit_ticket stores it.
-- Attachments: every image rule is app.check_attachments. Length limits come from
-- app.field_rule (the one source that webform.list_field_rules publishes). control_number:
-- required and allowed only for requester types with needs_control_number (alumno); with
-- another type it is refused (1214).
-- requires: app.CheckAttachments
-- requires: app.SettingValue
CREATE OR REPLACE FUNCTION app.validate_ticket(
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
    p_attachment1_name VARCHAR,
    p_attachment1_type VARCHAR,
    p_attachment1_content BYTEA,
    p_attachment2_name VARCHAR,
    p_attachment2_type VARCHAR,
    p_attachment2_content BYTEA,
    p_attachment3_name VARCHAR,
    p_attachment3_type VARCHAR,
    p_attachment3_content BYTEA
)
RETURNS TABLE (field_name VARCHAR, error_id INT, ordinal INT)
LANGUAGE plpgsql
STABLE
SET search_path = pg_catalog, app, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    -- Control characters: single-line fields refuse all; multi-line ones allow tab, LF and CR.
    c_ctrl_line CONSTANT TEXT := '[' || chr(1) || '-' || chr(31) || chr(127) || ']';
    c_ctrl_text CONSTANT TEXT := '[' || chr(1) || '-' || chr(8) || chr(11) || chr(12)
        || chr(14) || '-' || chr(31) || chr(127) || ']';
    c_letters CONSTANT TEXT := 'A-Za-zÀ-ÖØ-öø-ÿ';
    v_name VARCHAR := nullif(btrim(p_requester_name), '');
    v_email VARCHAR := lower(nullif(btrim(p_contact_email), ''));
    v_phone VARCHAR := nullif(btrim(p_contact_phone), '');
    v_control VARCHAR := upper(nullif(btrim(p_control_number), ''));
    v_location_detail VARCHAR := nullif(btrim(p_location_detail), '');
    v_tag VARCHAR := nullif(btrim(p_equipment_tag), '');
    v_brand VARCHAR := nullif(btrim(p_equipment_brand), '');
    v_serial VARCHAR := nullif(btrim(p_equipment_serial), '');
    v_condition VARCHAR := nullif(btrim(p_equipment_condition), '');
    v_description VARCHAR := nullif(btrim(p_description), '');
    v_needs_control BOOLEAN;
    v_needs_equipment BOOLEAN;
    v_campus_ok BOOLEAN;
    v_department_ok BOOLEAN;
    v_domain_ok BOOLEAN;
    v_location_ok BOOLEAN;
    v_equipment_ok BOOLEAN;
    v_local VARCHAR;
    v_domain VARCHAR;
    v_phone_chars VARCHAR;
    v_n INT := 0;
    v_name_min INT;
    v_name_max INT;
    v_email_max INT;
    v_phone_min INT;
    v_phone_max INT;
    v_detail_max INT;
    v_tag_max INT;
    v_brand_max INT;
    v_serial_max INT;
    v_condition_max INT;
    v_description_min INT;
    v_description_max INT;
BEGIN
    -- Every catalog lookup and every length limit in ONE statement (a statement per lookup was
    -- most of this function's CPU: each one starts an executor, takes its snapshot and locks).
    -- A lookup that finds no active row gives NULL (needs_*) or FALSE (the *_ok flags).
    v_local := split_part(v_email, '@', 1);
    v_domain := substr(v_email, length(v_local) + 2);
    SELECT
        r.name_min, r.name_max, r.email_max, r.phone_min, r.phone_max, r.detail_max,
        r.tag_max, r.brand_max, r.serial_max, r.condition_max, r.description_min, r.description_max,
        (
            SELECT rt.needs_control_number FROM app.requester_type AS rt
            WHERE rt.requester_type_id = p_requester_type_id AND rt.is_active
        ),
        EXISTS (
            SELECT 1 FROM app.department AS d
            WHERE d.department_id = p_department_id AND d.is_active
        ),
        EXISTS (
            SELECT 1 FROM app.email_domain AS ed
            WHERE
                ed.is_active
                AND (v_domain = ed.domain_name OR right(v_domain, length(ed.domain_name) + 1) = '.' || ed.domain_name)
        ),
        EXISTS (
            SELECT 1 FROM app.campus AS c
            WHERE c.campus_id = p_campus_id AND c.is_active
        ),
        EXISTS (
            SELECT 1 FROM app.location AS l
            WHERE l.location_id = p_location_id AND l.campus_id = p_campus_id AND l.is_active
        ),
        EXISTS (
            SELECT 1 FROM app.equipment AS e
            WHERE e.equipment_id = p_equipment_id AND e.location_id = p_location_id AND e.is_active
        ),
        (
            SELECT pc.needs_equipment FROM app.problem_category AS pc
            WHERE pc.category_id = p_category_id AND pc.is_active
        )
    INTO
        v_name_min, v_name_max, v_email_max, v_phone_min, v_phone_max, v_detail_max,
        v_tag_max, v_brand_max, v_serial_max, v_condition_max, v_description_min, v_description_max,
        v_needs_control, v_department_ok, v_domain_ok, v_campus_ok, v_location_ok, v_equipment_ok,
        v_needs_equipment
    FROM (
        SELECT
            max(fr.rule_value::INT) FILTER (
                WHERE fr.field_name = 'requester_name' AND fr.rule_name = 'min_length'
            ) AS name_min,
            max(fr.rule_value::INT) FILTER (
                WHERE fr.field_name = 'requester_name' AND fr.rule_name = 'max_length'
            ) AS name_max,
            max(fr.rule_value::INT) FILTER (
                WHERE fr.field_name = 'contact_email' AND fr.rule_name = 'max_length'
            ) AS email_max,
            max(fr.rule_value::INT) FILTER (
                WHERE fr.field_name = 'contact_phone' AND fr.rule_name = 'min_length'
            ) AS phone_min,
            max(fr.rule_value::INT) FILTER (
                WHERE fr.field_name = 'contact_phone' AND fr.rule_name = 'max_length'
            ) AS phone_max,
            max(fr.rule_value::INT) FILTER (
                WHERE fr.field_name = 'location_detail' AND fr.rule_name = 'max_length'
            ) AS detail_max,
            max(fr.rule_value::INT) FILTER (
                WHERE fr.field_name = 'equipment_tag' AND fr.rule_name = 'max_length'
            ) AS tag_max,
            max(fr.rule_value::INT) FILTER (
                WHERE fr.field_name = 'equipment_brand' AND fr.rule_name = 'max_length'
            ) AS brand_max,
            max(fr.rule_value::INT) FILTER (
                WHERE fr.field_name = 'equipment_serial' AND fr.rule_name = 'max_length'
            ) AS serial_max,
            max(fr.rule_value::INT) FILTER (
                WHERE fr.field_name = 'equipment_condition' AND fr.rule_name = 'max_length'
            ) AS condition_max,
            max(fr.rule_value::INT) FILTER (
                WHERE fr.field_name = 'description' AND fr.rule_name = 'min_length'
            ) AS description_min,
            max(fr.rule_value::INT) FILTER (
                WHERE fr.field_name = 'description' AND fr.rule_name = 'max_length'
            ) AS description_max
        FROM app.field_rule AS fr
        WHERE fr.rule_name IN ('min_length', 'max_length')
    ) AS r;

    -- requester_name
    field_name := 'requester_name';
    error_id := CASE
        WHEN v_name IS NULL THEN 1101
        WHEN length(v_name) NOT BETWEEN v_name_min AND v_name_max THEN 1102
        WHEN v_name !~ ('^[' || c_letters || '][' || c_letters || ''' .-]*$') THEN 1103
    END;
    IF error_id IS NOT NULL THEN v_n := v_n + 1; ordinal := v_n; RETURN NEXT; END IF;

    -- requester_type_id
    IF v_needs_control IS NULL THEN
        field_name := 'requester_type_id'; error_id := 1104;
        v_n := v_n + 1; ordinal := v_n; RETURN NEXT;
    END IF;

    -- department_id
    IF NOT v_department_ok THEN
        field_name := 'department_id'; error_id := 1105;
        v_n := v_n + 1; ordinal := v_n; RETURN NEXT;
    END IF;

    -- contact_email (also carries "no contact at all")
    field_name := 'contact_email';
    error_id := NULL;
    IF v_email IS NULL AND v_phone IS NULL THEN
        error_id := 1106;
    ELSIF v_email IS NOT NULL THEN
        IF length(v_email) > v_email_max THEN
            error_id := 1120;
        ELSIF v_email ~ '[^a-z0-9._+@-]'
            OR length(v_email) - length(replace(v_email, '@', '')) <> 1
            OR v_local = '' OR left(v_local, 1) = '.' OR right(v_local, 1) = '.'
            OR length(v_domain) < 3 OR strpos(v_domain, '.') = 0
            OR left(v_domain, 1) IN ('.', '-') OR right(v_domain, 1) IN ('.', '-')
            OR strpos(v_email, '..') > 0 THEN
            error_id := 1107;
        ELSIF NOT v_domain_ok THEN
            error_id := 1108;
        END IF;
    END IF;
    IF error_id IS NOT NULL THEN v_n := v_n + 1; ordinal := v_n; RETURN NEXT; END IF;

    -- contact_phone: digits, spaces, + ( ) . - and an optional "ext"; 7-40 chars, 4 digits in a row
    IF v_phone IS NOT NULL THEN
        v_phone_chars := replace(replace(lower(v_phone), 'ext.', ' '), 'ext', ' ');
        IF length(v_phone) NOT BETWEEN v_phone_min AND v_phone_max
            OR v_phone_chars ~ '[^0-9 +().-]'
            OR translate(v_phone_chars, ' +().-', '') !~ '[0-9]{4}' THEN
            field_name := 'contact_phone'; error_id := 1109;
            v_n := v_n + 1; ordinal := v_n; RETURN NEXT;
        END IF;
    END IF;

    -- control_number: only for types that need it (required there); 8 digits, optional letter prefix
    field_name := 'control_number';
    error_id := CASE
        WHEN v_control IS NULL AND coalesce(v_needs_control, FALSE) THEN 1110
        WHEN v_control IS NOT NULL AND NOT coalesce(v_needs_control, TRUE) THEN 1214
        WHEN v_control IS NOT NULL AND v_control !~ '^[A-Z]?[0-9]{8}$' THEN 1111
    END;
    IF error_id IS NOT NULL THEN v_n := v_n + 1; ordinal := v_n; RETURN NEXT; END IF;

    -- campus_id
    IF NOT v_campus_ok THEN
        field_name := 'campus_id'; error_id := 1112;
        v_n := v_n + 1; ordinal := v_n; RETURN NEXT;
    END IF;

    -- location_id: active, on that campus; or a written location_detail
    field_name := 'location_id';
    error_id := NULL;
    IF p_location_id IS NOT NULL THEN
        IF v_campus_ok AND NOT v_location_ok THEN
            error_id := 1113;
        END IF;
    ELSIF v_location_detail IS NULL THEN
        error_id := 1114;
    END IF;
    IF error_id IS NOT NULL THEN v_n := v_n + 1; ordinal := v_n; RETURN NEXT; END IF;

    -- location_detail
    field_name := 'location_detail';
    error_id := CASE
        WHEN v_location_detail ~ c_ctrl_line THEN 1119
        WHEN length(v_location_detail) > v_detail_max THEN 1120
    END;
    IF error_id IS NOT NULL THEN v_n := v_n + 1; ordinal := v_n; RETURN NEXT; END IF;

    -- equipment_id: active and registered at the chosen location
    IF p_equipment_id IS NOT NULL AND NOT v_equipment_ok THEN
        field_name := 'equipment_id'; error_id := 1115;
        v_n := v_n + 1; ordinal := v_n; RETURN NEXT;
    END IF;

    -- equipment_tag (also carries "this category needs the equipment")
    field_name := 'equipment_tag';
    error_id := CASE
        WHEN v_tag ~ c_ctrl_line THEN 1119
        WHEN length(v_tag) > v_tag_max THEN 1120
        WHEN coalesce(v_needs_equipment, FALSE) AND p_equipment_id IS NULL AND v_tag IS NULL THEN 1116
    END;
    IF error_id IS NOT NULL THEN v_n := v_n + 1; ordinal := v_n; RETURN NEXT; END IF;

    -- equipment_brand, equipment_serial, equipment_condition
    field_name := 'equipment_brand';
    error_id := CASE WHEN v_brand ~ c_ctrl_line THEN 1119 WHEN length(v_brand) > v_brand_max THEN 1120 END;
    IF error_id IS NOT NULL THEN v_n := v_n + 1; ordinal := v_n; RETURN NEXT; END IF;
    field_name := 'equipment_serial';
    error_id := CASE WHEN v_serial ~ c_ctrl_line THEN 1119 WHEN length(v_serial) > v_serial_max THEN 1120 END;
    IF error_id IS NOT NULL THEN v_n := v_n + 1; ordinal := v_n; RETURN NEXT; END IF;
    field_name := 'equipment_condition';
    error_id := CASE WHEN v_condition ~ c_ctrl_text THEN 1119 WHEN length(v_condition) > v_condition_max THEN 1120 END;
    IF error_id IS NOT NULL THEN v_n := v_n + 1; ordinal := v_n; RETURN NEXT; END IF;

    -- category_id
    IF v_needs_equipment IS NULL THEN
        field_name := 'category_id'; error_id := 1117;
        v_n := v_n + 1; ordinal := v_n; RETURN NEXT;
    END IF;

    -- description
    field_name := 'description';
    error_id := CASE
        WHEN v_description ~ c_ctrl_text THEN 1119
        WHEN v_description IS NULL OR length(v_description) NOT BETWEEN v_description_min AND v_description_max THEN 1118
    END;
    IF error_id IS NOT NULL THEN v_n := v_n + 1; ordinal := v_n; RETURN NEXT; END IF;

    -- attachments: how many, then each one (declared type, size, and its magic bytes); none
    -- given (nearly every ticket) has nothing to check
    IF num_nonnulls(
        p_attachment1_name, p_attachment1_type, p_attachment1_content, p_attachment2_name, p_attachment2_type,
        p_attachment2_content, p_attachment3_name, p_attachment3_type, p_attachment3_content
    ) = 0 THEN
        RETURN;
    END IF;
    FOR field_name, error_id IN
        SELECT
            CASE WHEN c.slot = 0 THEN 'attachments' ELSE 'attachment' || c.slot::TEXT END,
            c.error_id
        FROM app.check_attachments(
            p_attachment1_name, p_attachment1_type, p_attachment1_content, p_attachment2_name, p_attachment2_type,
            p_attachment2_content, p_attachment3_name, p_attachment3_type, p_attachment3_content,
            app.setting_value('attachment_max_count'), app.setting_value('attachment_max_bytes')
        ) AS c
        ORDER BY c.slot
    LOOP
        v_n := v_n + 1; ordinal := v_n; RETURN NEXT;
    END LOOP;
END;
$$;
