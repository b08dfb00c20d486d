-- staff.list_non_working_days: the non-working days of one local year, one campus (NULL: all),
-- by date; is_active = FALSE: taken back (kept so a redeploy does not bring a seeded day back).
CREATE OR REPLACE FUNCTION staff.list_non_working_days(p_token BYTEA, p_campus_id INT, p_year INT)
RETURNS TABLE (campus_id INT, campus_name VARCHAR, off_day DATE, name VARCHAR, is_active BOOLEAN)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, app, pg_temp
AS $$
BEGIN
    PERFORM app.require_session(p_token, 'administrador');
    RETURN QUERY
    SELECT c.campus_id::INT, c.name, n.off_day, n.name, n.is_active
    FROM app.non_working_day AS n
    INNER JOIN app.campus AS c ON n.campus_id = c.campus_id
    WHERE
        (p_campus_id IS NULL OR n.campus_id = p_campus_id)
        AND n.off_day >= make_date(coalesce(p_year, 2000), 1, 1)
        AND n.off_day < make_date(coalesce(p_year, 2000) + 1, 1, 1)
    ORDER BY n.off_day, c.sort_order;
END;
$$;
