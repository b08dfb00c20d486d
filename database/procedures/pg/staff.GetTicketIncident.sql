-- staff.get_ticket_incident: the side information of one ticket (3001 unknown): the incident
-- it belongs to (incident_id NULL if none) and its equipment's «falla repetida» flag: with
-- repeat_failure_count or more tickets of the same inventory tag received in the last
-- repeat_failure_days, failure_count and window_days are set (else failure_count 0).
-- The tickets of that equipment: staff.list_repeat_failure_tickets.
-- requires: app.SettingValue
CREATE OR REPLACE FUNCTION staff.get_ticket_incident(p_token BYTEA, p_ticket_id BIGINT)
RETURNS TABLE (
    incident_id INT,
    incident_title VARCHAR,
    incident_status VARCHAR,
    incident_ticket_count INT,
    equipment_tag VARCHAR,
    failure_count INT,
    window_days INT
)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, app, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    v_tag VARCHAR(40);
    v_days INT;
    v_min INT;
    v_count INT := 0;
BEGIN
    PERFORM app.require_session(p_token, 'operador');
    SELECT t.equipment_tag INTO v_tag FROM app.ticket AS t WHERE t.ticket_id = p_ticket_id;
    IF NOT FOUND THEN
        PERFORM app.raise_error(3001);
    END IF;
    v_days := app.setting_value('repeat_failure_days');
    v_min := app.setting_value('repeat_failure_count');
    IF v_tag IS NOT NULL THEN
        SELECT count(*)::INT INTO v_count
        FROM app.ticket AS t
        WHERE t.equipment_tag = v_tag AND t.created_at >= now() - make_interval(days => v_days);
        IF v_count < v_min THEN
            v_count := 0;
        END IF;
    END IF;
    RETURN QUERY
    SELECT
        i.incident_id, i.title, i.status,
        (SELECT count(*)::INT FROM app.incident_ticket AS x WHERE x.incident_id = i.incident_id),
        v_tag, v_count, CASE WHEN v_count > 0 THEN v_days END
    FROM app.ticket AS tk
    LEFT JOIN app.incident_ticket AS it ON tk.ticket_id = it.ticket_id
    LEFT JOIN app.incident AS i ON it.incident_id = i.incident_id
    WHERE tk.ticket_id = p_ticket_id;
END;
$$;
