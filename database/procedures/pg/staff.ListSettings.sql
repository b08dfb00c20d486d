-- staff.list_settings: every value of app.setting with its accepted range (app.setting_bound;
-- min_value and max_value NULL: no range declared, the screen shows it read-only), for the
-- administrators' settings screen (administrators only).
CREATE OR REPLACE FUNCTION staff.list_settings(p_token BYTEA)
RETURNS TABLE (
    setting_key VARCHAR,
    setting_value INT,
    min_value INT,
    max_value INT,
    description VARCHAR
)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, app, pg_temp
AS $$
#variable_conflict use_column
BEGIN
    PERFORM app.require_session(p_token, 'administrador');
    RETURN QUERY
    SELECT s.setting_key::VARCHAR, s.setting_value, b.min_value, b.max_value, s.description::VARCHAR
    FROM app.setting AS s
    LEFT JOIN app.setting_bound AS b ON s.setting_key = b.setting_key
    ORDER BY s.setting_key;
END;
$$;
