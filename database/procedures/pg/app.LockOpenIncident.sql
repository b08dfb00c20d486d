-- app.lock_open_incident: the shared start of every staff change to an open incident (a reply,
-- the resolution, adding or removing tickets, its public notice): the incident lock
-- (app.lock_incidents), then the incident must exist (3200) and be 'abierto' (3207).
-- Internal: called inside the caller's transaction, never granted.
-- requires: app.LockIncidents
CREATE OR REPLACE FUNCTION app.lock_open_incident(p_incident_id INT)
RETURNS VOID
LANGUAGE plpgsql
SET search_path = pg_catalog, app, pg_temp
AS $$
DECLARE
    v_status VARCHAR(20);
BEGIN
    PERFORM app.lock_incidents();
    SELECT i.status INTO v_status FROM app.incident AS i WHERE i.incident_id = p_incident_id;
    IF v_status IS NULL THEN
        PERFORM app.raise_error(3200);
    END IF;
    IF v_status <> 'abierto' THEN
        PERFORM app.raise_error(3207);
    END IF;
END;
$$;
