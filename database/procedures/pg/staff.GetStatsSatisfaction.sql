-- staff.get_stats_satisfaction: the requesters' ratings (webform.rate_ticket) given between two
-- local days (America/Mexico_City, inclusive), optionally for one campus, by p_dimension:
-- total (one row, item 0), operator (the ticket's operator when rated; 0 = unassigned),
-- category, month (item_id = yyyymm, oldest first). Administrators only (operators 2002):
-- ratings per person are not shown to operators.
-- requires: app.CheckStatsRange
CREATE OR REPLACE FUNCTION staff.get_stats_satisfaction(
    p_token BYTEA, p_date_from DATE, p_date_to DATE, p_campus_id INT, p_dimension VARCHAR
)
RETURNS TABLE (
    item_id INT,
    item_name VARCHAR,
    rating_count INT,
    rating_average DOUBLE PRECISION,
    rating_1 INT,
    rating_2 INT,
    rating_3 INT,
    rating_4 INT,
    rating_5 INT
)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, app, pg_temp
AS $$
BEGIN
    PERFORM app.require_session(p_token, 'administrador');
    PERFORM app.check_stats_range(p_date_from, p_date_to);
    IF p_dimension IS NULL OR p_dimension NOT IN ('total', 'operator', 'category', 'month') THEN
        PERFORM app.raise_error(4031);
    END IF;

    RETURN QUERY
    SELECT
        g.item_id,
        (CASE p_dimension
            WHEN 'total' THEN 'Todas'
            WHEN 'operator' THEN coalesce(su.full_name, CASE WHEN g.item_id = 0 THEN 'Sin asignar' END)
            WHEN 'category' THEN pc.name
            ELSE (g.item_id / 100)::TEXT || '-' || lpad((g.item_id % 100)::TEXT, 2, '0')
        END)::VARCHAR,
        g.rating_count,
        g.rating_average,
        g.rating_1,
        g.rating_2,
        g.rating_3,
        g.rating_4,
        g.rating_5
    FROM (
        SELECT
            CASE p_dimension
                WHEN 'total' THEN 0
                WHEN 'operator' THEN coalesce(r.operator_id, 0)
                WHEN 'category' THEN r.category_id::INT
                ELSE (to_char(r.rated_at AT TIME ZONE 'America/Mexico_City', 'YYYYMM'))::INT
            END AS item_id,
            count(*)::INT AS rating_count,
            avg(r.rating)::DOUBLE PRECISION AS rating_average,
            (count(*) FILTER (WHERE r.rating = 1))::INT AS rating_1,
            (count(*) FILTER (WHERE r.rating = 2))::INT AS rating_2,
            (count(*) FILTER (WHERE r.rating = 3))::INT AS rating_3,
            (count(*) FILTER (WHERE r.rating = 4))::INT AS rating_4,
            (count(*) FILTER (WHERE r.rating = 5))::INT AS rating_5
        FROM app.ticket_rating AS r
        WHERE
            r.rated_at >= p_date_from::TIMESTAMP AT TIME ZONE 'America/Mexico_City'
            AND r.rated_at < (p_date_to + 1)::TIMESTAMP AT TIME ZONE 'America/Mexico_City'
            AND (p_campus_id IS NULL OR r.campus_id = p_campus_id)
        GROUP BY 1
    ) AS g
    LEFT JOIN app.staff_user AS su ON p_dimension = 'operator' AND g.item_id = su.staff_id
    LEFT JOIN app.problem_category AS pc ON p_dimension = 'category' AND g.item_id = pc.category_id
    ORDER BY
        CASE WHEN p_dimension = 'month' THEN g.item_id END,
        g.rating_count DESC,
        g.item_id;
END;
$$;
