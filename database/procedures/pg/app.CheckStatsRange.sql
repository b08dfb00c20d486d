-- app.check_stats_range: errors 1001 / 4030 for a missing or inverted date range.
CREATE OR REPLACE FUNCTION app.check_stats_range(p_date_from DATE, p_date_to DATE)
RETURNS VOID
LANGUAGE plpgsql
SET search_path = pg_catalog, app, pg_temp
AS $$
BEGIN
    IF p_date_from IS NULL OR p_date_to IS NULL THEN
        PERFORM app.raise_error(1001);
    END IF;
    IF p_date_from > p_date_to THEN
        PERFORM app.raise_error(4030);
    END IF;
END;
$$;
