-- webform.get_ticket_detail: what the requester reported and what they may do now, by
-- folio + access code; 0 or 1 row. Same lookup path and miss limit as get_ticket_status
-- (app.find_ticket_by_code). No requester name, contact data or staff names.
-- Flags: can_reply (open status), can_confirm / can_reopen (a 'solicitante_confirma' /
-- 'solicitante_reabre' row of app.status_transition from its status: resuelto; reopening within
-- reopen_window_days of resolved_at: app.reopen_until; reopen_until = that limit), can_rate (resuelto or
-- cerrado, not rated yet). photo_slots: photos a reply may still add.
-- requires: app.FindTicketByCode
-- requires: app.ReopenUntil
CREATE OR REPLACE FUNCTION webform.get_ticket_detail(
    p_folio VARCHAR,
    p_access_code VARCHAR,
    p_client_key VARCHAR
)
RETURNS TABLE (
    folio VARCHAR,
    status_code VARCHAR,
    status_name VARCHAR,
    created_at TIMESTAMPTZ,
    updated_at TIMESTAMPTZ,
    requester_type_name VARCHAR,
    category_name VARCHAR,
    campus_name VARCHAR,
    location_name VARCHAR,
    location_detail VARCHAR,
    equipment_tag VARCHAR,
    equipment_description VARCHAR,
    equipment_condition VARCHAR,
    description VARCHAR,
    photo_count INT,
    photo_slots INT,
    can_reply BOOLEAN,
    can_confirm BOOLEAN,
    can_reopen BOOLEAN,
    reopen_until TIMESTAMPTZ,
    can_rate BOOLEAN,
    rating INT,
    rated_at TIMESTAMPTZ
)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, app, pg_temp
AS $$
DECLARE
    v_ticket_id BIGINT;
    v_until TIMESTAMPTZ;
    v_max_count INT;
    v_max_total INT;
BEGIN
    v_ticket_id := app.find_ticket_by_code(p_folio, p_access_code, p_client_key);
    IF v_ticket_id IS NULL THEN
        RETURN;
    END IF;
    v_until := app.reopen_until(v_ticket_id);
    v_max_count := app.setting_value('attachment_max_count');
    v_max_total := app.setting_value('attachment_max_per_ticket');

    RETURN QUERY
    SELECT
        t.folio,
        s.code,
        s.name,
        t.created_at,
        t.updated_at,
        rt.name,
        pc.name,
        c.name,
        l.name,
        t.location_detail,
        t.equipment_tag,
        nullif(CASE
            WHEN e.equipment_id IS NOT NULL THEN concat_ws(' ', e.kind, e.brand, e.model)
            ELSE concat_ws(', ', 'marca ' || t.equipment_brand, 'serie ' || t.equipment_serial)
        END, '')::VARCHAR,
        t.equipment_condition,
        t.description,
        a.photos,
        CASE WHEN s.is_open THEN greatest(0, least(v_max_count, v_max_total - a.photos)) ELSE 0 END,
        s.is_open,
        mv.can_confirm,
        mv.can_reopen AND now() <= v_until,
        CASE WHEN mv.can_reopen AND now() <= v_until THEN v_until END,
        s.code IN ('resuelto', 'cerrado') AND r.ticket_id IS NULL,
        r.rating::INT,
        r.rated_at
    FROM app.ticket AS t
    INNER JOIN app.status AS s ON t.status_id = s.status_id
    INNER JOIN app.requester_type AS rt ON t.requester_type_id = rt.requester_type_id
    INNER JOIN app.problem_category AS pc ON t.category_id = pc.category_id
    INNER JOIN app.campus AS c ON t.campus_id = c.campus_id
    LEFT JOIN app.location AS l ON t.location_id = l.location_id
    LEFT JOIN app.equipment AS e ON t.equipment_id = e.equipment_id
    LEFT JOIN app.ticket_rating AS r ON t.ticket_id = r.ticket_id
    CROSS JOIN LATERAL (
        SELECT count(*)::INT AS photos FROM app.attachment AS at WHERE at.ticket_id = t.ticket_id
    ) AS a
    CROSS JOIN LATERAL (
        SELECT
            coalesce(bool_or(st.actor = 'solicitante_confirma'), FALSE) AS can_confirm,
            coalesce(bool_or(st.actor = 'solicitante_reabre'), FALSE) AS can_reopen
        FROM app.status_transition AS st
        WHERE st.from_status_id = t.status_id
    ) AS mv
    WHERE t.ticket_id = v_ticket_id;
END;
$$;
