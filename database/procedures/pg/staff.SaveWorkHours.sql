-- staff.save_work_hours: an administrator sets a campus's weekly schedule from a local day on
-- (after today: what was measured does not change): one 'HH:MM-HH:MM' or empty (closed) per
-- weekday, Monday first. The same p_valid_from again replaces that version. Audited; the
-- calendar and the due instants of open tickets are recomputed in the same transaction.
-- The same schedule again writes nothing (no Bitácora line, no recompute): changed is FALSE.
-- requires: app.ParseWorkHours
-- requires: app.RebuildWorkCalendar
CREATE OR REPLACE FUNCTION staff.save_work_hours(
    p_token BYTEA, p_campus_id INT, p_valid_from DATE, p_monday VARCHAR, p_tuesday VARCHAR,
    p_wednesday VARCHAR, p_thursday VARCHAR, p_friday VARCHAR, p_saturday VARCHAR, p_sunday VARCHAR
)
RETURNS TABLE (campus_id INT, valid_from DATE, changed BOOLEAN)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, app, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    v_admin_id INT;
    v_days VARCHAR [] := ARRAY[p_monday, p_tuesday, p_wednesday, p_thursday, p_friday, p_saturday, p_sunday];
    v_code VARCHAR;
BEGIN
    v_admin_id := app.require_session(p_token, 'administrador');
    SELECT c.code INTO v_code FROM app.campus AS c WHERE c.campus_id = p_campus_id;
    IF v_code IS NULL THEN
        PERFORM app.raise_error(4355);
    END IF;
    IF
        p_valid_from IS NULL OR p_valid_from <= (now() AT TIME ZONE INTERVAL '-06:00')::DATE
        OR p_valid_from > DATE '2060-12-31'
    THEN
        PERFORM app.raise_error(4351);
    END IF;
    IF EXISTS (
        SELECT 1 FROM unnest(v_days) AS d (t) CROSS JOIN LATERAL app.parse_work_hours(d.t) AS h
        WHERE NOT h.is_valid
    ) THEN
        PERFORM app.raise_error(4350);
    END IF;
    IF NOT EXISTS (
        SELECT 1 FROM unnest(v_days) AS d (t) CROSS JOIN LATERAL app.parse_work_hours(d.t) AS h
        WHERE h.opens_minute < h.closes_minute
    ) THEN
        PERFORM app.raise_error(4352);
    END IF;

    -- the same seven days as the stored version: nothing to write, audit or recompute
    IF NOT EXISTS (
        SELECT d.n, h.opens_minute, h.closes_minute
        FROM unnest(v_days) WITH ORDINALITY AS d (t, n)
        CROSS JOIN LATERAL app.parse_work_hours(d.t) AS h
        EXCEPT
        SELECT wh.weekday, wh.opens_minute, wh.closes_minute
        FROM app.work_hours AS wh
        WHERE wh.campus_id = p_campus_id AND wh.valid_from = p_valid_from
    ) THEN
        RETURN QUERY SELECT p_campus_id, p_valid_from, FALSE;
        RETURN;
    END IF;
    DELETE FROM app.work_hours AS wh WHERE wh.campus_id = p_campus_id AND wh.valid_from = p_valid_from;
    INSERT INTO app.work_hours (campus_id, valid_from, weekday, opens_minute, closes_minute)
    SELECT p_campus_id, p_valid_from, d.n, h.opens_minute, h.closes_minute
    FROM unnest(v_days) WITH ORDINALITY AS d (t, n)
    CROSS JOIN LATERAL app.parse_work_hours(d.t) AS h;

    PERFORM app.write_admin_audit(
        v_admin_id, 'guardar_horario', v_code || ' desde ' || to_char(p_valid_from, 'YYYY-MM-DD'),
        array_to_string(ARRAY(
            SELECT coalesce(nullif(replace(btrim(coalesce(t, '')), ' ', ''), ''), 'cerrado') FROM unnest(v_days) AS t
        ), ', ')
    );
    PERFORM app.rebuild_work_calendar(p_campus_id, FALSE);
    RETURN QUERY SELECT p_campus_id, p_valid_from, TRUE;
END;
$$;
