-- staff.delete_work_hours: an administrator withdraws a schedule version that has not started
-- yet (valid_from after today); the one before it goes on ruling. Audited; the calendar and
-- the due instants of open tickets are recomputed.
-- requires: app.RebuildWorkCalendar
CREATE OR REPLACE FUNCTION staff.delete_work_hours(p_token BYTEA, p_campus_id INT, p_valid_from DATE)
RETURNS TABLE (campus_id INT, valid_from DATE)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, app, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    v_admin_id INT;
    v_code VARCHAR;
BEGIN
    v_admin_id := app.require_session(p_token, 'administrador');
    SELECT c.code INTO v_code FROM app.campus AS c WHERE c.campus_id = p_campus_id;
    IF v_code IS NULL THEN
        PERFORM app.raise_error(4355);
    END IF;
    IF p_valid_from IS NULL OR p_valid_from <= (now() AT TIME ZONE INTERVAL '-06:00')::DATE THEN
        PERFORM app.raise_error(4354);
    END IF;
    DELETE FROM app.work_hours AS wh WHERE wh.campus_id = p_campus_id AND wh.valid_from = p_valid_from;
    IF NOT FOUND THEN
        PERFORM app.raise_error(4354);
    END IF;
    PERFORM app.write_admin_audit(
        v_admin_id, 'quitar_horario', v_code || ' desde ' || to_char(p_valid_from, 'YYYY-MM-DD'), NULL
    );
    PERFORM app.rebuild_work_calendar(p_campus_id, FALSE);
    RETURN QUERY SELECT p_campus_id, p_valid_from;
END;
$$;
