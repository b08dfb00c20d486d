-- staff.get_stats_backlog: the open tickets right now (any day received), by campus
-- and status, optionally for one campus.
CREATE OR REPLACE FUNCTION staff.get_stats_backlog(p_token BYTEA, p_campus_id INT DEFAULT NULL)
RETURNS TABLE (campus_id INT, campus_name VARCHAR, status_id INT, status_name VARCHAR, ticket_count INT)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, app, pg_temp
AS $$
BEGIN
    PERFORM app.require_session(p_token, 'administrador');
    RETURN QUERY
    SELECT c.campus_id::INT, c.name, s.status_id::INT, s.name, sum(sd.ticket_count)::INT
    FROM app.stats_daily AS sd
    INNER JOIN app.status AS s ON sd.item_id = s.status_id
    INNER JOIN app.campus AS c ON sd.campus_id = c.campus_id
    WHERE sd.dimension = 'status' AND s.is_open AND (p_campus_id IS NULL OR sd.campus_id = p_campus_id)
    GROUP BY c.campus_id, c.name, c.sort_order, s.status_id, s.name, s.sort_order
    HAVING sum(sd.ticket_count) <> 0
    ORDER BY c.sort_order, s.sort_order;
END;
$$;
