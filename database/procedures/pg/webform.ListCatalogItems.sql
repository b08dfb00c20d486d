-- webform.list_catalog_items: every active catalog item the web form offers, in one call.
-- catalog: campus | location (parent_id = campus_id) | department | requester_type | problem_category.
-- code/detail carry what the form needs: campus (code, address); location (kind, building);
-- department (NULL, 'academico' when academic); requester_type (code, 'control_number' when it needs one);
-- problem_category (kind, 'needs_equipment' when the equipment must be named).
CREATE OR REPLACE FUNCTION webform.list_catalog_items()
RETURNS TABLE (
    catalog VARCHAR,
    item_id INT,
    parent_id INT,
    code VARCHAR,
    name VARCHAR,
    detail VARCHAR,
    sort_order INT
)
LANGUAGE plpgsql
STABLE
SECURITY DEFINER
SET search_path = pg_catalog, app, pg_temp
AS $$
BEGIN
    RETURN QUERY
    SELECT
        i.catalog::VARCHAR,
        i.item_id,
        i.parent_id,
        i.code::VARCHAR,
        i.name::VARCHAR,
        i.detail::VARCHAR,
        i.sort_order
    FROM (
        SELECT
            1 AS catalog_rank,
            'campus' AS catalog,
            c.campus_id::INT AS item_id,
            NULL::INT AS parent_id,
            c.code::TEXT AS code,
            c.name::TEXT AS name,
            c.address::TEXT AS detail,
            c.sort_order::INT AS sort_order
        FROM app.campus AS c
        WHERE c.is_active
        UNION ALL
        SELECT
            2,
            'location',
            l.location_id,
            l.campus_id::INT,
            l.kind::TEXT,
            l.name::TEXT,
            l.building::TEXT,
            l.sort_order::INT
        FROM app.location AS l
        INNER JOIN app.campus AS c ON l.campus_id = c.campus_id
        WHERE l.is_active AND c.is_active
        UNION ALL
        SELECT
            3,
            'department',
            d.department_id::INT,
            NULL::INT,
            NULL::TEXT,
            d.name::TEXT,
            CASE WHEN d.is_academic THEN 'academico' END,
            d.sort_order::INT
        FROM app.department AS d
        WHERE d.is_active
        UNION ALL
        SELECT
            4,
            'requester_type',
            rt.requester_type_id::INT,
            NULL::INT,
            rt.code::TEXT,
            rt.name::TEXT,
            CASE WHEN rt.needs_control_number THEN 'control_number' END,
            rt.sort_order::INT
        FROM app.requester_type AS rt
        WHERE rt.is_active
        UNION ALL
        SELECT
            5,
            'problem_category',
            pc.category_id::INT,
            NULL::INT,
            pc.kind::TEXT,
            pc.name::TEXT,
            CASE WHEN pc.needs_equipment THEN 'needs_equipment' END,
            pc.sort_order::INT
        FROM app.problem_category AS pc
        WHERE pc.is_active
    ) AS i
    ORDER BY i.catalog_rank, i.parent_id NULLS FIRST, i.sort_order, i.name;
END;
$$;
