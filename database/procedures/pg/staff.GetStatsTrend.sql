-- staff.get_stats_trend: tickets received (by day received) and resolved (by day
-- resolved) per day, week (starting Monday) or month, between two local days
-- (inclusive), optionally for one campus. Periods without tickets are omitted.
-- requires: app.CheckStatsRange
CREATE OR REPLACE FUNCTION staff.get_stats_trend(
    p_token BYTEA, p_date_from DATE, p_date_to DATE, p_campus_id INT, p_grain VARCHAR
)
RETURNS TABLE (period_start DATE, received INT, resolved INT)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, app, pg_temp
AS $$
BEGIN
    PERFORM app.require_session(p_token, 'administrador');
    PERFORM app.check_stats_range(p_date_from, p_date_to);
    IF p_grain IS NULL OR p_grain NOT IN ('day', 'week', 'month') THEN
        PERFORM app.raise_error(4032);
    END IF;
    RETURN QUERY
    SELECT
        date_trunc(p_grain, sd.stat_day)::DATE,
        coalesce(sum(sd.ticket_count) FILTER (WHERE sd.dimension = 'total'), 0)::INT,
        coalesce(sum(sd.ticket_count) FILTER (WHERE sd.dimension = 'resolved'), 0)::INT
    FROM app.stats_daily AS sd
    WHERE
        sd.dimension IN ('total', 'resolved')
        AND sd.stat_day BETWEEN p_date_from AND p_date_to
        AND (p_campus_id IS NULL OR sd.campus_id = p_campus_id)
    GROUP BY 1
    HAVING sum(sd.ticket_count) <> 0
    ORDER BY 1;
END;
$$;
