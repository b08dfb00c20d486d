-- staff.save_priority: create (p_priority_id NULL) or edit a priority; marking one
-- as default clears the flag on the others. An edit recomputes the due instants of open
-- tickets (the targets are counted in working hours: app.rebuild_work_calendar).
-- Saving an existing row with nothing changed writes nothing (no Bitácora line, no recompute):
-- changed is FALSE.
-- requires: app.RebuildWorkCalendar
CREATE OR REPLACE FUNCTION staff.save_priority(
    p_token BYTEA, p_priority_id INT, p_code VARCHAR, p_name VARCHAR, p_rank INT, p_response_target_hours INT,
    p_resolution_target_hours INT, p_is_default BOOLEAN
)
RETURNS TABLE (item_id INT, changed BOOLEAN)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, app, pg_temp
AS $$
DECLARE
    v_admin_id INT;
    v_changed BOOLEAN := TRUE;
    v_id INT := p_priority_id;
    v_name VARCHAR := btrim(p_name);
    v_code VARCHAR := lower(btrim(p_code));
BEGIN
    v_admin_id := app.require_session(p_token, 'administrador');
    IF v_name IS NULL OR v_name = '' OR v_code IS NULL OR v_code = '' THEN
        PERFORM app.raise_error(4012);
    END IF;
    IF
        length(v_name) > 40 OR length(v_code) > 20 OR p_rank IS NULL OR p_rank NOT BETWEEN 1 AND 100
        OR p_response_target_hours IS NULL OR p_response_target_hours NOT BETWEEN 1 AND 8760
        OR p_resolution_target_hours IS NULL OR p_resolution_target_hours NOT BETWEEN 1 AND 8760
    THEN
        PERFORM app.raise_error(4014);
    END IF;
    IF v_id IS NULL THEN
        INSERT INTO app.priority (code, name, rank, response_target_hours, resolution_target_hours, is_default)
        VALUES (v_code, v_name, p_rank, p_response_target_hours, p_resolution_target_hours,
                coalesce(p_is_default, FALSE))
        RETURNING priority_id INTO v_id;
    ELSE
        UPDATE app.priority AS p
        SET
            code = v_code, name = v_name, rank = p_rank, response_target_hours = p_response_target_hours,
            resolution_target_hours = p_resolution_target_hours, is_default = coalesce(p_is_default, FALSE)
        WHERE
            p.priority_id = v_id
            -- nothing changed: no write, no line in the Bitácora
            AND (p.code, p.name, p.rank, p.response_target_hours, p.resolution_target_hours, p.is_default)
            IS DISTINCT FROM (
                v_code, v_name, p_rank, p_response_target_hours, p_resolution_target_hours,
                coalesce(p_is_default, FALSE)
            );
        v_changed := FOUND;
        IF NOT v_changed AND NOT EXISTS (SELECT 1 FROM app.priority AS p WHERE p.priority_id = v_id) THEN
            PERFORM app.raise_error(4011);
        END IF;
    END IF;
    IF coalesce(p_is_default, FALSE) THEN
        UPDATE app.priority AS p SET is_default = FALSE WHERE p.priority_id <> v_id AND p.is_default;
    END IF;
    IF v_changed THEN
        PERFORM app.write_admin_audit(v_admin_id, CASE WHEN p_priority_id IS NULL THEN 'crear_prioridad' ELSE 'editar_prioridad' END, v_code, 'id: ' || v_id);
    END IF;
    IF p_priority_id IS NOT NULL AND v_changed THEN
        PERFORM app.rebuild_work_calendar(NULL, FALSE);
    END IF;
    RETURN QUERY SELECT v_id, v_changed;
EXCEPTION
    WHEN unique_violation THEN
        PERFORM app.raise_error(4013);
END;
$$;
