-- app.lock_open_incident: the shared start of staff.reply_incident and staff.resolve_incident:
-- the incident id given (1001) and a public message of 1-4000 characters (3006), then the
-- incident lock (app.lock_incidents) and the incident still open (3200 missing, 3207 not
-- 'abierto'). Returns the message trimmed. Internal: called inside the caller's transaction.
-- requires: app.LockIncidents
CREATE OR REPLACE FUNCTION app.lock_open_incident(p_incident_id INT, p_body VARCHAR)
RETURNS VARCHAR
LANGUAGE plpgsql
SET search_path = pg_catalog, app, pg_temp
AS $$
DECLARE
    v_status VARCHAR(20);
BEGIN
    IF p_incident_id IS NULL THEN
        PERFORM app.raise_error(1001);
    END IF;
    IF nullif(btrim(coalesce(p_body, '')), '') IS NULL OR length(p_body) > 4000 THEN
        PERFORM app.raise_error(3006);
    END IF;
    PERFORM app.lock_incidents();
    SELECT i.status INTO v_status FROM app.incident AS i WHERE i.incident_id = p_incident_id;
    IF v_status IS NULL THEN
        PERFORM app.raise_error(3200);
    END IF;
    IF v_status <> 'abierto' THEN
        PERFORM app.raise_error(3207);
    END IF;
    RETURN btrim(p_body);
END;
$$;
