-- staff.get_stats_top_equipment: the catalog equipment with most tickets received
-- between two local days (inclusive), optionally for one campus.
-- requires: app.CheckStatsRange
CREATE OR REPLACE FUNCTION staff.get_stats_top_equipment(
    p_token BYTEA, p_date_from DATE, p_date_to DATE, p_campus_id INT DEFAULT NULL, p_max_rows INT DEFAULT 10
)
RETURNS TABLE (
    equipment_id INT, inventory_tag VARCHAR, kind VARCHAR, brand VARCHAR, model VARCHAR, location_name VARCHAR,
    ticket_count INT
)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, app, pg_temp
AS $$
BEGIN
    PERFORM app.require_session(p_token, 'administrador');
    PERFORM app.check_stats_range(p_date_from, p_date_to);
    RETURN QUERY
    SELECT e.equipment_id, e.inventory_tag, e.kind, e.brand, e.model, l.name, g.ticket_count
    FROM (
        SELECT sd.item_id, sum(sd.ticket_count)::INT AS ticket_count
        FROM app.stats_daily AS sd
        WHERE
            sd.dimension = 'equipment'
            AND sd.stat_day BETWEEN p_date_from AND p_date_to
            AND (p_campus_id IS NULL OR sd.campus_id = p_campus_id)
        GROUP BY sd.item_id
        HAVING sum(sd.ticket_count) > 0
        ORDER BY 2 DESC, 1
        LIMIT least(greatest(coalesce(p_max_rows, 10), 1), 100)
    ) AS g
    INNER JOIN app.equipment AS e ON g.item_id = e.equipment_id
    LEFT JOIN app.location AS l ON e.location_id = l.location_id
    ORDER BY g.ticket_count DESC, e.inventory_tag;
END;
$$;
