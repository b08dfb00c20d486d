-- webform.list_public_events: the public history of a ticket (is_public events only, oldest
-- first) by folio + access code; 0 rows for a wrong folio or code (app.find_ticket_by_code,
-- which also counts the miss). status_name is the status the event moved the ticket to;
-- event_number (1, 2, ... in this order) is how webform.list_ticket_photos says which message a
-- photo came with.
-- requires: app.FindTicketByCode
DROP FUNCTION IF EXISTS webform.list_public_events(VARCHAR, VARCHAR, VARCHAR);
CREATE OR REPLACE FUNCTION webform.list_public_events(
    p_folio VARCHAR,
    p_access_code VARCHAR,
    p_client_key VARCHAR
)
RETURNS TABLE (
    occurred_at TIMESTAMPTZ, event_type VARCHAR, status_name VARCHAR, body VARCHAR, event_number INT
)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, app, pg_temp
AS $$
DECLARE
    v_ticket_id BIGINT;
BEGIN
    v_ticket_id := app.find_ticket_by_code(p_folio, p_access_code, p_client_key);
    RETURN QUERY
    SELECT
        e.occurred_at, e.event_type, s.name, e.body,
        (row_number() OVER (ORDER BY e.occurred_at, e.event_id))::INT
    FROM app.ticket_event AS e
    LEFT JOIN app.status AS s ON e.new_status_id = s.status_id
    WHERE e.ticket_id = v_ticket_id AND e.is_public
    ORDER BY e.occurred_at, e.event_id;
END;
$$;
