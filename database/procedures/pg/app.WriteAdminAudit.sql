-- app.write_admin_audit: one row of the administration audit log (who, what, on what).
CREATE OR REPLACE FUNCTION app.write_admin_audit(
    p_staff_id INT, p_action VARCHAR, p_target VARCHAR, p_details VARCHAR
)
RETURNS VOID
LANGUAGE plpgsql
SET search_path = pg_catalog, app, pg_temp
AS $$
BEGIN
    INSERT INTO app.admin_audit (staff_id, action, target, details)
    VALUES (p_staff_id, p_action, left(p_target, 200), left(p_details, 2000));
END;
$$;
