-- staff.withdraw_incident_notice: stop showing an incident's public notice (3200 unknown
-- incident, 3211 no notice or already withdrawn). Audited ('aviso_retirado').
-- requires: app.LockIncidents
-- requires: app.WriteAdminAudit
CREATE OR REPLACE FUNCTION staff.withdraw_incident_notice(p_token BYTEA, p_incident_id INT)
RETURNS TABLE (incident_id INT, withdrawn_at TIMESTAMPTZ)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, app, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    v_staff_id INT;
    v_now TIMESTAMPTZ := now();
BEGIN
    v_staff_id := app.require_session(p_token, 'operador');
    IF p_incident_id IS NULL THEN
        PERFORM app.raise_error(1001);
    END IF;
    PERFORM app.lock_incidents();
    IF NOT EXISTS (SELECT 1 FROM app.incident AS i WHERE i.incident_id = p_incident_id) THEN
        PERFORM app.raise_error(3200);
    END IF;
    UPDATE app.incident_notice AS n
    SET withdrawn_at = v_now
    WHERE n.incident_id = p_incident_id AND n.withdrawn_at IS NULL;
    IF NOT FOUND THEN
        PERFORM app.raise_error(3211);
    END IF;
    PERFORM app.write_admin_audit(v_staff_id, 'aviso_retirado', 'incidente #' || p_incident_id::TEXT, NULL);
    RETURN QUERY SELECT p_incident_id, v_now;
END;
$$;
