-- staff.list_repeat_failures: «Equipos con fallas repetidas» (administrators): equipment
-- (by inventory tag on the ticket) with repeat_failure_count or more tickets received in the
-- last repeat_failure_days, optionally in one campus; campus and place of its latest ticket.
-- requires: app.SettingValue
CREATE OR REPLACE FUNCTION staff.list_repeat_failures(p_token BYTEA, p_campus_id INT DEFAULT NULL)
RETURNS TABLE (
    inventory_tag VARCHAR,
    campus_name VARCHAR,
    location_name VARCHAR,
    failure_count INT,
    last_failure_at TIMESTAMPTZ,
    last_folio VARCHAR,
    last_ticket_id BIGINT
)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, app, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    v_since TIMESTAMPTZ;
    v_min INT;
BEGIN
    PERFORM app.require_session(p_token, 'administrador');
    v_since := now() - make_interval(days => app.setting_value('repeat_failure_days'));
    v_min := app.setting_value('repeat_failure_count');
    RETURN QUERY
    SELECT g.equipment_tag, c.name, coalesce(l.name, t.location_detail), g.failures, t.created_at, t.folio, t.ticket_id
    FROM (
        SELECT rt.equipment_tag, count(*)::INT AS failures, max(rt.ticket_id) AS last_id
        FROM app.ticket AS rt
        WHERE
            rt.created_at >= v_since AND rt.equipment_tag IS NOT NULL
            AND (p_campus_id IS NULL OR rt.campus_id = p_campus_id)
        GROUP BY rt.equipment_tag
        HAVING count(*) >= v_min
    ) AS g
    INNER JOIN app.ticket AS t ON g.last_id = t.ticket_id
    INNER JOIN app.campus AS c ON t.campus_id = c.campus_id
    LEFT JOIN app.location AS l ON t.location_id = l.location_id
    ORDER BY g.failures DESC, t.created_at DESC, g.equipment_tag ASC
    LIMIT 500;
END;
$$;
