-- staff.save_setting: change one value of app.setting (administrators only). The value must lie
-- within its app.setting_bound range (V012; no range declared: 4103, not editable here); the
-- change is written to app.admin_audit with the old and the new value. Returns the row as
-- staff.list_settings shows it, and changed (FALSE: the same value again, nothing written or audited).
CREATE OR REPLACE FUNCTION staff.save_setting(p_token BYTEA, p_setting_key VARCHAR, p_setting_value INT)
RETURNS TABLE (
    setting_key VARCHAR,
    setting_value INT,
    min_value INT,
    max_value INT,
    description VARCHAR,
    changed BOOLEAN
)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, app, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    v_admin_id INT;
    v_old INT;
    v_min INT;
    v_max INT;
BEGIN
    v_admin_id := app.require_session(p_token, 'administrador');
    SELECT s.setting_value, b.min_value, b.max_value INTO v_old, v_min, v_max
    FROM app.setting AS s
    LEFT JOIN app.setting_bound AS b ON s.setting_key = b.setting_key
    WHERE s.setting_key = p_setting_key
    FOR UPDATE OF s;
    IF NOT FOUND THEN
        PERFORM app.raise_error(4100);
    END IF;
    IF v_min IS NULL THEN
        PERFORM app.raise_error(4103);
    END IF;
    IF p_setting_value IS NULL THEN
        PERFORM app.raise_error(4102);
    END IF;
    IF p_setting_value < v_min OR p_setting_value > v_max THEN
        PERFORM app.raise_error(4101);
    END IF;
    IF p_setting_value <> v_old THEN
        UPDATE app.setting AS s SET setting_value = p_setting_value WHERE s.setting_key = p_setting_key;
        PERFORM app.write_admin_audit(
            v_admin_id, 'cambiar_ajuste', p_setting_key, v_old::TEXT || ' -> ' || p_setting_value::TEXT
        );
    END IF;
    RETURN QUERY
    SELECT s.setting_key::VARCHAR, s.setting_value, v_min, v_max, s.description::VARCHAR, p_setting_value <> v_old
    FROM app.setting AS s
    WHERE s.setting_key = p_setting_key;
END;
$$;
