-- staff.list_incident_tickets: the tickets linked to an incident (3200 unknown), oldest
-- report first; linked_by_name NULL = the requester joined from the web form.
CREATE OR REPLACE FUNCTION staff.list_incident_tickets(p_token BYTEA, p_incident_id INT)
RETURNS TABLE (
    ticket_id BIGINT,
    folio VARCHAR,
    status_code VARCHAR,
    status_name VARCHAR,
    created_at TIMESTAMPTZ,
    location_name VARCHAR,
    requester_name VARCHAR,
    linked_at TIMESTAMPTZ,
    linked_by_name VARCHAR,
    row_version INT
)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, app, pg_temp
AS $$
#variable_conflict use_column
BEGIN
    PERFORM app.require_session(p_token, 'operador');
    IF NOT EXISTS (SELECT 1 FROM app.incident AS i WHERE i.incident_id = p_incident_id) THEN
        PERFORM app.raise_error(3200);
    END IF;
    RETURN QUERY
    SELECT
        t.ticket_id, t.folio, s.code, s.name, t.created_at, coalesce(l.name, t.location_detail),
        t.requester_name, it.linked_at, su.full_name, t.row_version
    FROM app.incident_ticket AS it
    INNER JOIN app.ticket AS t ON it.ticket_id = t.ticket_id
    INNER JOIN app.status AS s ON t.status_id = s.status_id
    LEFT JOIN app.location AS l ON t.location_id = l.location_id
    LEFT JOIN app.staff_user AS su ON it.linked_by = su.staff_id
    WHERE it.incident_id = p_incident_id
    ORDER BY t.created_at, t.ticket_id;
END;
$$;
