-- staff.list_work_hours: every weekly schedule version of one campus (NULL: all), newest first:
-- each weekday as 'HH:MM-HH:MM' or '' (closed), and in_force = the version that rules today
-- (a later one is scheduled; earlier ones are history).
CREATE OR REPLACE FUNCTION staff.list_work_hours(p_token BYTEA, p_campus_id INT)
RETURNS TABLE (
    campus_id INT, campus_name VARCHAR, valid_from DATE, monday VARCHAR, tuesday VARCHAR, wednesday VARCHAR,
    thursday VARCHAR, friday VARCHAR, saturday VARCHAR, sunday VARCHAR, in_force BOOLEAN
)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, app, pg_temp
AS $$
BEGIN
    PERFORM app.require_session(p_token, 'administrador');
    RETURN QUERY
    SELECT
        c.campus_id::INT,
        c.name,
        v.valid_from,
        max(v.hours) FILTER (WHERE v.weekday = 1)::VARCHAR,
        max(v.hours) FILTER (WHERE v.weekday = 2)::VARCHAR,
        max(v.hours) FILTER (WHERE v.weekday = 3)::VARCHAR,
        max(v.hours) FILTER (WHERE v.weekday = 4)::VARCHAR,
        max(v.hours) FILTER (WHERE v.weekday = 5)::VARCHAR,
        max(v.hours) FILTER (WHERE v.weekday = 6)::VARCHAR,
        max(v.hours) FILTER (WHERE v.weekday = 7)::VARCHAR,
        v.valid_from = (
            SELECT max(f.valid_from) FROM app.work_hours AS f
            WHERE f.campus_id = c.campus_id AND f.valid_from <= (now() AT TIME ZONE INTERVAL '-06:00')::DATE
        )
    FROM (
        SELECT
            wh.campus_id,
            wh.valid_from,
            wh.weekday,
            CASE WHEN wh.opens_minute < wh.closes_minute THEN
                lpad((wh.opens_minute / 60)::TEXT, 2, '0') || ':' || lpad((wh.opens_minute % 60)::TEXT, 2, '0')
                || '-' || lpad((wh.closes_minute / 60)::TEXT, 2, '0') || ':'
                || lpad((wh.closes_minute % 60)::TEXT, 2, '0')
            ELSE '' END AS hours
        FROM app.work_hours AS wh
        WHERE p_campus_id IS NULL OR wh.campus_id = p_campus_id
    ) AS v
    INNER JOIN app.campus AS c ON v.campus_id = c.campus_id
    GROUP BY c.campus_id, c.name, c.sort_order, v.valid_from
    ORDER BY c.sort_order ASC, v.valid_from DESC;
END;
$$;
