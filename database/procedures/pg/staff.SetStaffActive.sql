-- staff.set_staff_active: deactivate (sessions revoked at once) or reactivate an
-- account. Nobody deactivates themselves (4008) or the last active administrator (4001).
-- An account already in that state is left alone: nothing written, no line in the Bitácora.
-- requires: app.CheckLastAdmin
CREATE OR REPLACE FUNCTION staff.set_staff_active(p_token BYTEA, p_staff_id INT, p_is_active BOOLEAN)
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
    IF p_is_active IS NULL THEN
        PERFORM app.raise_error(1001);
    END IF;
    SELECT su.username, su.role, su.is_active INTO v_old
    FROM app.staff_user AS su WHERE su.staff_id = p_staff_id FOR UPDATE;
    IF NOT FOUND THEN
        PERFORM app.raise_error(4002);
    END IF;
    IF v_old.is_active = p_is_active THEN
        RETURN;  -- already so: nothing written, no line in the Bitácora
    END IF;
    IF NOT p_is_active THEN
        IF p_staff_id = v_admin_id THEN
            PERFORM app.raise_error(4008);
        END IF;
        IF v_old.role = 'administrador' AND v_old.is_active THEN
            PERFORM app.check_last_admin(p_staff_id);
        END IF;
        UPDATE app.staff_session AS ss SET revoked_at = now()
        WHERE ss.staff_id = p_staff_id AND ss.revoked_at IS NULL;
    END IF;

    UPDATE app.staff_user AS su
    SET is_active = p_is_active, updated_at = now(), row_version = su.row_version + 1
    WHERE su.staff_id = p_staff_id;

    PERFORM app.write_admin_audit(
        v_admin_id, CASE WHEN p_is_active THEN 'activar_cuenta' ELSE 'desactivar_cuenta' END, v_old.username, NULL
    );
END;
$$;
