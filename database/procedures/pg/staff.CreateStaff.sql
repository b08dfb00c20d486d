-- staff.create_staff: a new staff account with a temporary password (the
-- administrator's client generates it, shows it once and sends only salt,
-- iterations and the PBKDF2 key); the user must change it at first login.
-- requires: app.CheckPasswordParams
CREATE OR REPLACE FUNCTION staff.create_staff(
    p_token BYTEA, p_username VARCHAR, p_full_name VARCHAR, p_role VARCHAR,
    p_salt BYTEA, p_iterations INT, p_password_key BYTEA
)
RETURNS TABLE (staff_id INT)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, app, pg_temp
AS $$
DECLARE
    v_admin_id INT;
    v_username VARCHAR(60) := lower(btrim(p_username));
    v_full_name VARCHAR(120);
    v_staff_id INT;
BEGIN
    v_admin_id := app.require_session(p_token, 'administrador');
    IF v_username IS NULL OR v_username !~ '^[a-z0-9._-]{3,60}$' THEN
        PERFORM app.raise_error(4004);
    END IF;
    IF p_full_name IS NULL OR btrim(p_full_name) = '' OR length(btrim(p_full_name)) > 120 THEN
        PERFORM app.raise_error(4005);
    END IF;
    v_full_name := btrim(p_full_name);
    IF p_role IS NULL OR p_role NOT IN ('operador', 'administrador') THEN
        PERFORM app.raise_error(4006);
    END IF;
    PERFORM app.check_password_params(p_salt, p_iterations, p_password_key);
    IF EXISTS (SELECT 1 FROM app.staff_user AS su WHERE su.username = v_username) THEN
        PERFORM app.raise_error(4003);
    END IF;

    INSERT INTO app.staff_user (username, full_name, role, salt, iterations, verifier, must_change_password)
    VALUES (v_username, v_full_name, p_role, p_salt, p_iterations, sha256(p_password_key), TRUE)
    RETURNING app.staff_user.staff_id INTO v_staff_id;

    PERFORM app.write_admin_audit(v_admin_id, 'crear_cuenta', v_username, 'rol: ' || p_role);
    RETURN QUERY SELECT v_staff_id;
EXCEPTION
    WHEN unique_violation THEN
        PERFORM app.raise_error(4003);
END;
$$;
