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
DECLARE
    v_full_from DATE;
    v_full_to DATE;
BEGIN
    PERFORM app.require_session(p_token, 'administrador');
    PERFORM app.check_stats_range(p_date_from, p_date_to);
    -- Whole months inside the range come from the monthly rows, the days around them
    -- from the daily rows: a year adds up 12 rows per machine instead of 365.
    v_full_from := CASE
        WHEN extract(DAY FROM p_date_from) = 1 THEN p_date_from
        ELSE (date_trunc('month', p_date_from) + INTERVAL '1 month')::DATE
    END;
    v_full_to := CASE
        WHEN (p_date_to + 1) = date_trunc('month', p_date_to + 1)::DATE THEN p_date_to + 1
        ELSE date_trunc('month', p_date_to)::DATE
    END;
    IF v_full_from >= v_full_to THEN
        v_full_from := p_date_to + 1;
        v_full_to := p_date_to + 1;
    END IF;
    RETURN QUERY
    SELECT e.equipment_id, e.inventory_tag, e.kind, e.brand, e.model, l.name, g.ticket_count
    FROM (
        SELECT u.item_id, sum(u.ticket_count)::INT AS ticket_count
        FROM (
            SELECT sd.item_id, sd.ticket_count
            FROM app.stats_daily AS sd
            WHERE
                sd.dimension = 'equipment_month'
                AND sd.stat_day >= v_full_from AND sd.stat_day < v_full_to
                AND (p_campus_id IS NULL OR sd.campus_id = p_campus_id)
            UNION ALL
            SELECT sd.item_id, sd.ticket_count
            FROM app.stats_daily AS sd
            WHERE
                sd.dimension = 'equipment'
                AND (
                    sd.stat_day >= p_date_from AND sd.stat_day < v_full_from
                    OR sd.stat_day >= v_full_to AND sd.stat_day <= p_date_to
                )
                AND (p_campus_id IS NULL OR sd.campus_id = p_campus_id)
        ) AS u
        GROUP BY u.item_id
        HAVING sum(u.ticket_count) > 0
        ORDER BY 2 DESC, 1
        LIMIT least(greatest(coalesce(p_max_rows, 10), 1), 100)
    ) AS g
    INNER JOIN app.equipment AS e ON g.item_id = e.equipment_id
    LEFT JOIN app.location AS l ON e.location_id = l.location_id
    ORDER BY g.ticket_count DESC, e.inventory_tag;
END;
$$;
