-- app.check_last_admin: error 4001 when p_staff_id is the only active administrator
-- (called before deactivating or demoting that account; locks the admin rows so
-- two administrators cannot demote each other at the same moment).
CREATE OR REPLACE FUNCTION app.check_last_admin(p_staff_id INT)
RETURNS VOID
LANGUAGE plpgsql
SET search_path = pg_catalog, app, pg_temp
AS $$
DECLARE
    v_others INT;
BEGIN
    PERFORM 1 FROM app.staff_user AS su
    WHERE su.role = 'administrador' AND su.is_active
    ORDER BY su.staff_id
    FOR UPDATE;
    SELECT count(*) INTO v_others
    FROM app.staff_user AS su
    WHERE su.role = 'administrador' AND su.is_active AND su.staff_id <> p_staff_id;
    IF v_others = 0 THEN
        PERFORM app.raise_error(4001);
    END IF;
END;
$$;
