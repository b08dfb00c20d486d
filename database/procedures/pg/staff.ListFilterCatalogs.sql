-- staff.list_filter_catalogs: every catalog the queue filters and the ticket actions need,
-- in one call: status, campus, location (parent = campus), category, priority,
-- requester_type, and the allowed status transitions (parent = from, item = to).
CREATE OR REPLACE FUNCTION staff.list_filter_catalogs(p_token BYTEA)
RETURNS TABLE (
    catalog VARCHAR,
    item_id INT,
    parent_id INT,
    code VARCHAR,
    name VARCHAR,
    sort_order INT,
    is_active BOOLEAN
)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, app, pg_temp
AS $$
#variable_conflict use_column
BEGIN
    PERFORM app.require_session(p_token, 'operador');
    RETURN QUERY
    SELECT 'status'::VARCHAR, s.status_id::INT, NULL::INT, s.code::VARCHAR, s.name::VARCHAR,
        s.sort_order::INT, TRUE
    FROM app.status AS s
    UNION ALL
    SELECT 'campus', c.campus_id::INT, NULL::INT, c.code::VARCHAR, c.name::VARCHAR, c.sort_order::INT, c.is_active
    FROM app.campus AS c
    UNION ALL
    SELECT 'location', l.location_id, l.campus_id::INT, l.kind::VARCHAR, l.name::VARCHAR, l.sort_order::INT,
        l.is_active
    FROM app.location AS l
    UNION ALL
    SELECT 'category', pc.category_id::INT, NULL::INT, pc.kind::VARCHAR, pc.name::VARCHAR, pc.sort_order::INT,
        pc.is_active
    FROM app.problem_category AS pc
    UNION ALL
    SELECT 'priority', p.priority_id::INT, NULL::INT, p.code::VARCHAR, p.name::VARCHAR, p.rank::INT, p.is_active
    FROM app.priority AS p
    UNION ALL
    SELECT 'requester_type', rt.requester_type_id::INT, NULL::INT, rt.code::VARCHAR, rt.name::VARCHAR,
        rt.sort_order::INT, rt.is_active
    FROM app.requester_type AS rt
    UNION ALL
    SELECT 'transition', st.to_status_id::INT, st.from_status_id::INT, s2.code::VARCHAR, s2.name::VARCHAR,
        s2.sort_order::INT, TRUE
    FROM app.status_transition AS st
    INNER JOIN app.status AS s2 ON st.to_status_id = s2.status_id
    WHERE NOT st.admin_only AND st.actor = 'personal'
    ORDER BY 1, 6, 2;
END;
$$;
