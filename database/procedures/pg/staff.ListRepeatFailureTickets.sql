-- staff.list_repeat_failure_tickets: the tickets received in the last repeat_failure_days
-- for the inventory tag of ticket p_ticket_id (3001 unknown), newest first, only when they
-- are repeat_failure_count or more («este equipo tuvo 4 fallas en 90 días», with links);
-- otherwise no rows.
-- requires: app.SettingValue
CREATE OR REPLACE FUNCTION staff.list_repeat_failure_tickets(p_token BYTEA, p_ticket_id BIGINT)
RETURNS TABLE (ticket_id BIGINT, folio VARCHAR, created_at TIMESTAMPTZ, status_name VARCHAR, category_name VARCHAR)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, app, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    v_tag VARCHAR(40);
    v_since TIMESTAMPTZ;
BEGIN
    PERFORM app.require_session(p_token, 'operador');
    SELECT t.equipment_tag INTO v_tag FROM app.ticket AS t WHERE t.ticket_id = p_ticket_id;
    IF NOT FOUND THEN
        PERFORM app.raise_error(3001);
    END IF;
    v_since := now() - make_interval(days => app.setting_value('repeat_failure_days'));
    IF v_tag IS NULL OR (
        SELECT count(*) FROM app.ticket AS t WHERE t.equipment_tag = v_tag AND t.created_at >= v_since
    ) < app.setting_value('repeat_failure_count') THEN
        RETURN;
    END IF;
    RETURN QUERY
    SELECT t.ticket_id, t.folio, t.created_at, s.name, pc.name
    FROM app.ticket AS t
    INNER JOIN app.status AS s ON t.status_id = s.status_id
    INNER JOIN app.problem_category AS pc ON t.category_id = pc.category_id
    WHERE t.equipment_tag = v_tag AND t.created_at >= v_since
    ORDER BY t.created_at DESC, t.ticket_id DESC;
END;
$$;
