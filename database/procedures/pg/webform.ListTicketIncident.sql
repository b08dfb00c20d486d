-- webform.list_ticket_incident: for the status page, the incident a ticket belongs to
-- (folio + access code; 0 rows for a wrong pair or a ticket in no incident). First row
-- row_kind 'aviso': the incident's start, status, its notice text (NULL once withdrawn) and
-- report_count (only when incident_public_count is 1); then one 'respuesta' row per public
-- reply written on the incident, oldest first.
-- requires: app.FindTicketByCode
-- requires: app.SettingValue
CREATE OR REPLACE FUNCTION webform.list_ticket_incident(p_folio VARCHAR, p_access_code VARCHAR, p_client_key VARCHAR)
RETURNS TABLE (
    row_kind VARCHAR,
    occurred_at TIMESTAMPTZ,
    body VARCHAR,
    campus_name VARCHAR,
    place_name VARCHAR,
    incident_status VARCHAR,
    report_count INT
)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, app, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    v_ticket_id BIGINT;
    v_incident_id INT;
    v_public BOOLEAN;
BEGIN
    v_ticket_id := app.find_ticket_by_code(p_folio, p_access_code, p_client_key);
    SELECT it.incident_id INTO v_incident_id FROM app.incident_ticket AS it WHERE it.ticket_id = v_ticket_id;
    IF v_incident_id IS NULL THEN
        RETURN;
    END IF;
    v_public := app.setting_value('incident_public_count') = 1;
    RETURN QUERY
    SELECT
        'aviso'::VARCHAR, i.started_at,
        CASE WHEN n.withdrawn_at IS NULL THEN n.body END,
        c.name, coalesce(nl.name, n.building, l.name, i.building, c.name), i.status,
        CASE WHEN v_public THEN
            (SELECT count(*)::INT FROM app.incident_ticket AS x WHERE x.incident_id = i.incident_id)
        END
    FROM app.incident AS i
    INNER JOIN app.campus AS c ON i.campus_id = c.campus_id
    LEFT JOIN app.location AS l ON i.location_id = l.location_id
    LEFT JOIN app.incident_notice AS n ON i.incident_id = n.incident_id
    LEFT JOIN app.location AS nl ON n.location_id = nl.location_id
    WHERE i.incident_id = v_incident_id
    UNION ALL
    SELECT 'respuesta'::VARCHAR, r.created_at, r.body, NULL::VARCHAR, NULL::VARCHAR, NULL::VARCHAR, NULL::INT
    FROM app.incident_reply AS r
    WHERE r.incident_id = v_incident_id
    ORDER BY 1, 2;
END;
$$;
