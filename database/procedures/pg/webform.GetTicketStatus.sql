-- webform.get_ticket_status: the public view of one ticket by folio + access code, 0 or 1 row.
-- A wrong folio or code gives 0 rows by the same path (app.find_ticket_by_code), and
-- misses are limited per folio (1162) and per client (1170; see app.find_ticket_by_code).
-- No staff personal data: assigned_area is
-- 'Centro de Cómputo' once someone is assigned, NULL before.
-- requires: app.FindTicketByCode
CREATE OR REPLACE FUNCTION webform.get_ticket_status(
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
    campus_name VARCHAR,
    location_name VARCHAR,
    category_name VARCHAR,
    priority_name VARCHAR,
    assigned_area VARCHAR
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
        t.folio,
        s.code,
        s.name,
        t.created_at,
        t.updated_at,
        c.name,
        coalesce(l.name, t.location_detail),
        pc.name,
        p.name,
        CASE WHEN t.assigned_to IS NOT NULL THEN 'Centro de Cómputo' END::VARCHAR
    FROM app.ticket AS t
    INNER JOIN app.status AS s ON t.status_id = s.status_id
    INNER JOIN app.campus AS c ON t.campus_id = c.campus_id
    LEFT JOIN app.location AS l ON t.location_id = l.location_id
    INNER JOIN app.problem_category AS pc ON t.category_id = pc.category_id
    INNER JOIN app.priority AS p ON t.priority_id = p.priority_id
    WHERE t.ticket_id = v_ticket_id;
END;
$$;
