-- app.bootstrap_admin: create the first administrator of a new installation.
-- Owner only (never granted to the client logins; run by tools/bootstrap_admin.py).
-- Refuses (2010) when an active administrator already exists. The client sends
-- salt, iterations and the PBKDF2 key; only SHA-256(key) is stored.
-- p_must_change_password: TRUE for a generated temporary password (the account
-- must change it at first login), FALSE when the person typed their own.
DROP FUNCTION IF EXISTS app.bootstrap_admin(VARCHAR, VARCHAR, BYTEA, INT, BYTEA);

-- requires: app.SettingValue
CREATE OR REPLACE FUNCTION app.bootstrap_admin(
    p_username VARCHAR,
    p_full_name VARCHAR,
    p_salt BYTEA,
    p_iterations INT,
    p_password_key BYTEA,
    p_must_change_password BOOLEAN DEFAULT TRUE
)
RETURNS TABLE (staff_id INT)
LANGUAGE plpgsql
SET search_path = pg_catalog, app, pg_temp
AS $$
DECLARE
    v_username VARCHAR(200) := lower(btrim(coalesce(p_username, '')));
    v_full_name VARCHAR(200) := btrim(coalesce(p_full_name, ''));
    v_min_iterations INT;
    v_staff_id INT;
BEGIN
    IF v_username = '' OR v_full_name = '' OR p_salt IS NULL OR p_iterations IS NULL
        OR p_password_key IS NULL THEN
        PERFORM app.raise_error(1001);
    END IF;
    IF v_username !~ '^[a-z0-9][a-z0-9._-]{2,59}$' THEN
        PERFORM app.raise_error(2012);
    END IF;
    IF length(v_full_name) > 120 THEN
        PERFORM app.raise_error(1001);
    END IF;

    v_min_iterations := app.setting_value('min_pbkdf2_iterations');
    IF p_iterations < v_min_iterations THEN
        PERFORM app.raise_error(2007);
    END IF;
    IF octet_length(p_salt) NOT BETWEEN 16 AND 64 OR octet_length(p_password_key) <> 32 THEN
        PERFORM app.raise_error(2011);
    END IF;

    -- Two bootstraps at once: the second waits here and then sees the first admin.
    LOCK TABLE app.staff_user IN SHARE ROW EXCLUSIVE MODE;

    IF EXISTS (
        SELECT 1 FROM app.staff_user AS su
        WHERE su.role = 'administrador' AND su.is_active
    ) THEN
        PERFORM app.raise_error(2010);
    END IF;
    IF EXISTS (SELECT 1 FROM app.staff_user AS su WHERE su.username = v_username) THEN
        PERFORM app.raise_error(2013);
    END IF;

    INSERT INTO app.staff_user (
        username, full_name, role, salt, iterations, verifier, must_change_password
    )
    VALUES (
        v_username, v_full_name, 'administrador', p_salt, p_iterations,
        sha256(p_password_key), coalesce(p_must_change_password, TRUE)
    )
    RETURNING app.staff_user.staff_id INTO v_staff_id;

    RETURN QUERY SELECT v_staff_id;
END;
$$;
