-- app.raise_error: raise registry error p_error_id with its Spanish message.
-- SQLSTATE is 'U' || id so clients map it back to the registry (gateway).
CREATE OR REPLACE FUNCTION app.raise_error(p_error_id INT)
RETURNS VOID
LANGUAGE plpgsql
SET search_path = pg_catalog, app, pg_temp
AS $$
DECLARE
    v_message VARCHAR(500);
BEGIN
    SELECT em.message INTO v_message
    FROM app.error_message AS em
    WHERE em.error_id = p_error_id;

    RAISE EXCEPTION USING
        MESSAGE = coalesce(v_message, 'Error ' || p_error_id::TEXT),
        ERRCODE = 'U' || lpad(p_error_id::TEXT, 4, '0');
END;
$$;
