-- app.check_password_params: error 4007 unless salt, iterations (at least the
-- configured minimum) and the derived key have the expected shape.
-- requires: app.SettingValue
CREATE OR REPLACE FUNCTION app.check_password_params(p_salt BYTEA, p_iterations INT, p_password_key BYTEA)
RETURNS VOID
LANGUAGE plpgsql
SET search_path = pg_catalog, app, pg_temp
AS $$
DECLARE
    v_min INT;
BEGIN
    v_min := app.setting_value('min_pbkdf2_iterations');
    IF
        p_salt IS NULL OR octet_length(p_salt) NOT BETWEEN 16 AND 64
        OR p_iterations IS NULL OR p_iterations < v_min
        OR p_password_key IS NULL OR octet_length(p_password_key) <> 32
    THEN
        PERFORM app.raise_error(4007);
    END IF;
END;
$$;
