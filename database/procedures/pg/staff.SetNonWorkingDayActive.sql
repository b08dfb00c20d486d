-- staff.set_non_working_day_active: an administrator takes a future non-working day back
-- (p_is_active FALSE: the campus works that day after all) or restores it. Audited; the
-- calendar and open tickets' due instants are recomputed. A day already in that state is
-- left alone (no Bitácora line, no recompute): changed is FALSE.
-- requires: app.RebuildWorkCalendar
CREATE OR REPLACE FUNCTION staff.set_non_working_day_active(
    p_token BYTEA, p_campus_id INT, p_off_day DATE, p_is_active BOOLEAN
)
RETURNS TABLE (campus_id INT, off_day DATE, is_active BOOLEAN, changed BOOLEAN)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, app, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    v_admin_id INT;
BEGIN
    v_admin_id := app.require_session(p_token, 'administrador');
    IF p_off_day IS NULL OR p_off_day <= (now() AT TIME ZONE INTERVAL '-06:00')::DATE THEN
        PERFORM app.raise_error(4351);
    END IF;
    UPDATE app.non_working_day AS n SET is_active = coalesce(p_is_active, FALSE)
    WHERE n.campus_id = p_campus_id AND n.off_day = p_off_day AND n.is_active <> coalesce(p_is_active, FALSE);
    IF NOT FOUND THEN
        IF NOT EXISTS (
            SELECT 1 FROM app.non_working_day AS n WHERE n.campus_id = p_campus_id AND n.off_day = p_off_day
        ) THEN
            PERFORM app.raise_error(4357);
        END IF;
        RETURN QUERY SELECT p_campus_id, p_off_day, coalesce(p_is_active, FALSE), FALSE;
        RETURN;
    END IF;
    PERFORM app.write_admin_audit(
        v_admin_id, CASE WHEN coalesce(p_is_active, FALSE) THEN 'activar_dia_inhabil' ELSE 'quitar_dia_inhabil' END,
        (SELECT c.code FROM app.campus AS c WHERE c.campus_id = p_campus_id) || ' '
        || to_char(p_off_day, 'YYYY-MM-DD'),
        NULL
    );
    PERFORM app.rebuild_work_calendar(p_campus_id, FALSE);
    RETURN QUERY SELECT p_campus_id, p_off_day, coalesce(p_is_active, FALSE), TRUE;
END;
$$;
