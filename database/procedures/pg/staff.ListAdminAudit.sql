-- staff.list_admin_audit: the administration audit log, newest first.
CREATE OR REPLACE FUNCTION staff.list_admin_audit(p_token BYTEA, p_max_rows INT DEFAULT 200)
RETURNS TABLE (
    audit_id BIGINT, occurred_at TIMESTAMPTZ, staff_id INT, username VARCHAR, action VARCHAR,
    target VARCHAR, details VARCHAR
)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, app, pg_temp
AS $$
BEGIN
    PERFORM app.require_session(p_token, 'administrador');
    RETURN QUERY
    SELECT aa.audit_id, aa.occurred_at, aa.staff_id, su.username, aa.action, aa.target, aa.details
    FROM app.admin_audit AS aa
    INNER JOIN app.staff_user AS su ON aa.staff_id = su.staff_id
    ORDER BY aa.audit_id DESC
    LIMIT least(greatest(coalesce(p_max_rows, 200), 1), 2000);
END;
$$;
