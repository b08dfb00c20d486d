-- staff.update_staff: change an account's full name and role; the last active
-- administrator cannot be demoted (4001). Saving without a change writes nothing (no audit line).
-- requires: app.CheckLastAdmin
CREATE OR REPLACE FUNCTION staff.update_staff(p_token BYTEA, p_staff_id INT, p_full_name VARCHAR, p_role VARCHAR)
RETURNS VOID
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, app, pg_temp
AS $$
DECLARE
    v_admin_id INT;
    v_old RECORD;
BEGIN
    v_admin_id := app.require_session(p_token, 'administrador');
    IF p_full_name IS NULL OR btrim(p_full_name) = '' OR length(btrim(p_full_name)) > 120 THEN
        PERFORM app.raise_error(4005);
    END IF;
    IF p_role IS NULL OR p_role NOT IN ('operador', 'administrador') THEN
        PERFORM app.raise_error(4006);
    END IF;
    SELECT su.username, su.full_name, su.role, su.is_active INTO v_old
    FROM app.staff_user AS su WHERE su.staff_id = p_staff_id FOR UPDATE;
    IF NOT FOUND THEN
        PERFORM app.raise_error(4002);
    END IF;
    IF v_old.full_name = btrim(p_full_name) AND v_old.role = p_role THEN
        RETURN;  -- nothing changed: no write, no line in the Bitácora
    END IF;
    IF v_old.role = 'administrador' AND p_role <> 'administrador' AND v_old.is_active THEN
        PERFORM app.check_last_admin(p_staff_id);
    END IF;

    UPDATE app.staff_user AS su
    SET full_name = btrim(p_full_name), role = p_role, updated_at = now(), row_version = su.row_version + 1
    WHERE su.staff_id = p_staff_id;

    PERFORM app.write_admin_audit(
        v_admin_id, 'editar_cuenta', v_old.username,
        'nombre: ' || v_old.full_name || ' -> ' || btrim(p_full_name) || '; rol: ' || v_old.role || ' -> ' || p_role
    );
END;
$$;
