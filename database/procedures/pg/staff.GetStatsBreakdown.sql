-- staff.get_stats_breakdown: tickets received between two local days (inclusive),
-- optionally for one campus, counted by one dimension's CURRENT value:
-- p_dimension in status, campus, category, requester_type, department, priority,
-- operator (item 0 = unassigned). Largest first.
-- requires: app.CheckStatsRange
CREATE OR REPLACE FUNCTION staff.get_stats_breakdown(
    p_token BYTEA, p_date_from DATE, p_date_to DATE, p_campus_id INT, p_dimension VARCHAR
)
RETURNS TABLE (item_id INT, item_name VARCHAR, ticket_count INT)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, app, pg_temp
AS $$
DECLARE
    v_source VARCHAR(16);
BEGIN
    PERFORM app.require_session(p_token, 'administrador');
    PERFORM app.check_stats_range(p_date_from, p_date_to);
    IF p_dimension IS NULL OR p_dimension NOT IN (
        'status', 'campus', 'category', 'requester_type', 'department', 'priority', 'operator'
    ) THEN
        PERFORM app.raise_error(4031);
    END IF;
    v_source := CASE WHEN p_dimension = 'campus' THEN 'total' ELSE p_dimension END;

    RETURN QUERY
    SELECT g.item_id, coalesce(di.item_name, '#' || g.item_id)::VARCHAR, g.ticket_count
    FROM (
        SELECT
            CASE WHEN p_dimension = 'campus' THEN sd.campus_id::INT ELSE sd.item_id END AS item_id,
            sum(sd.ticket_count)::INT AS ticket_count
        FROM app.stats_daily AS sd
        WHERE
            sd.dimension = v_source
            AND sd.stat_day BETWEEN p_date_from AND p_date_to
            AND (p_campus_id IS NULL OR sd.campus_id = p_campus_id)
        GROUP BY 1
        HAVING sum(sd.ticket_count) <> 0
    ) AS g
    LEFT JOIN stats.dimension_item AS di ON di.dimension = p_dimension AND g.item_id = di.item_id
    ORDER BY g.ticket_count DESC, di.sort_order, g.item_id;
END;
$$;
