-- staff.save_non_working_days: an administrator marks every local day from p_date_from to
-- p_date_to (at most 366 days, all after today) as non-working for one campus (NULL: both),
-- with a reason (a holiday, a vacation period); a day already listed takes the new reason and
-- is active again. Audited; the calendar and open tickets' due instants are recomputed. When
-- every day is already listed with that reason and active, nothing is written, audited or
-- recomputed: changed is FALSE. day_count: the days of the range (per campus).
-- requires: app.RebuildWorkCalendar
CREATE OR REPLACE FUNCTION staff.save_non_working_days(
    p_token BYTEA, p_campus_id INT, p_date_from DATE, p_date_to DATE, p_name VARCHAR
)
RETURNS TABLE (day_count INT, changed BOOLEAN)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, app, pg_temp
AS $$
DECLARE
    v_admin_id INT;
    v_name VARCHAR := btrim(p_name);
    v_count INT;
    v_written INT;
BEGIN
    v_admin_id := app.require_session(p_token, 'administrador');
    IF p_campus_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM app.campus AS c WHERE c.campus_id = p_campus_id) THEN
        PERFORM app.raise_error(4355);
    END IF;
    IF v_name IS NULL OR v_name = '' OR length(v_name) > 120 THEN
        PERFORM app.raise_error(4353);
    END IF;
    IF p_date_from IS NULL OR p_date_to IS NULL OR p_date_to < p_date_from OR p_date_to - p_date_from > 365 THEN
        PERFORM app.raise_error(4356);
    END IF;
    IF p_date_from <= (now() AT TIME ZONE INTERVAL '-06:00')::DATE OR p_date_to > DATE '2060-12-31' THEN
        PERFORM app.raise_error(4351);
    END IF;

    INSERT INTO app.non_working_day AS n (campus_id, off_day, name, is_active)
    SELECT c.campus_id, g.d::DATE, v_name, TRUE
    FROM app.campus AS c
    CROSS JOIN generate_series(p_date_from::TIMESTAMP, p_date_to::TIMESTAMP, INTERVAL '1 day') AS g (d)
    WHERE p_campus_id IS NULL OR c.campus_id = p_campus_id
    ORDER BY c.campus_id, g.d
    ON CONFLICT (campus_id, off_day) DO UPDATE SET name = excluded.name, is_active = TRUE
    WHERE n.name IS DISTINCT FROM excluded.name OR NOT n.is_active;
    GET DIAGNOSTICS v_written = ROW_COUNT;
    v_count := (SELECT count(*) FROM app.campus AS c WHERE p_campus_id IS NULL OR c.campus_id = p_campus_id)
        * (p_date_to - p_date_from + 1);
    IF v_written = 0 THEN
        RETURN QUERY SELECT v_count, FALSE;
        RETURN;
    END IF;

    PERFORM app.write_admin_audit(
        v_admin_id, 'guardar_dias_inhabiles',
        coalesce((SELECT c.code FROM app.campus AS c WHERE c.campus_id = p_campus_id), 'todos') || ' '
        || to_char(p_date_from, 'YYYY-MM-DD') || ' a ' || to_char(p_date_to, 'YYYY-MM-DD'),
        v_name
    );
    PERFORM app.rebuild_work_calendar(p_campus_id, FALSE);
    RETURN QUERY SELECT v_count, TRUE;
END;
$$;
