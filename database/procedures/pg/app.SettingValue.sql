-- app.setting_value: the value of app.setting p_setting_key; raises 9050 (setting_missing) when absent.
-- The one reader of app.setting for procedures: no procedure repeats a default of
-- database/seed/01_setting.tsv (a missing row is an installation fault, never guessed).
CREATE OR REPLACE FUNCTION app.setting_value(p_setting_key VARCHAR)
RETURNS INT
LANGUAGE plpgsql
STABLE
SET search_path = pg_catalog, app, pg_temp
AS $$
DECLARE
    v_value INT;
BEGIN
    SELECT s.setting_value INTO v_value FROM app.setting AS s WHERE s.setting_key = p_setting_key;
    IF v_value IS NULL THEN
        PERFORM app.raise_error(9050);
    END IF;
    RETURN v_value;
END;
$$;
