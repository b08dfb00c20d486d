-- staff.get_login_params: salt and PBKDF2 iterations the client needs to derive
-- the login key. An unknown username gets a deterministic fake salt (first 16
-- bytes of SHA-256(instance secret || 'fake-salt' || username)) and the minimum
-- iterations, so the answer never tells whether an account exists.
-- A name over 60 characters (no account has one) raises 2021.
CREATE OR REPLACE FUNCTION staff.get_login_params(p_username VARCHAR)
RETURNS TABLE (salt BYTEA, iterations INT)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, app, pg_temp
AS $$
DECLARE
    v_username VARCHAR(60);
BEGIN
    IF length(btrim(coalesce(p_username, ''))) > 60 THEN
        PERFORM app.raise_error(2021);
    END IF;
    v_username := lower(btrim(coalesce(p_username, '')));

    RETURN QUERY
    SELECT su.salt, su.iterations
    FROM app.staff_user AS su
    WHERE su.username = v_username;
    IF FOUND THEN
        RETURN;
    END IF;

    RETURN QUERY
    SELECT
        substring(
            sha256(sec.secret || convert_to('fake-salt', 'UTF8') || convert_to(v_username, 'UTF8'))
            FROM 1 FOR 16
        ),
        coalesce((
            SELECT s.setting_value
            FROM app.setting AS s
            WHERE s.setting_key = 'min_pbkdf2_iterations'
        ), 600000)
    FROM app.instance_secret AS sec
    WHERE sec.secret_id = 1;
END;
$$;
