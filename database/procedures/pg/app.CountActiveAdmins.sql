-- app.count_active_admins: how many active administrators exist (owner only;
-- tools/bootstrap_admin.py asks before offering to create the first one).
CREATE OR REPLACE FUNCTION app.count_active_admins()
RETURNS TABLE (active_admins INT)
LANGUAGE plpgsql
SET search_path = pg_catalog, app, pg_temp
AS $$
BEGIN
    RETURN QUERY
    SELECT count(*)::INT
    FROM app.staff_user AS su
    WHERE su.role = 'administrador' AND su.is_active;
END;
$$;
