-- app.lock_incidents: one change to incidents at a time (grouping, replies, resolution, the
-- web form's «Yo también»): a transaction-level advisory lock, held until the caller's
-- transaction ends. Serializing them is what keeps a ticket out of two incidents and lets the
-- later of two overlapping groupings see the first one's links (3201). A lock that cannot be
-- granted (lock_timeout, deadlock) raises 9060.
-- Internal: called first by every function that links tickets or changes an incident.
CREATE OR REPLACE FUNCTION app.lock_incidents()
RETURNS VOID
LANGUAGE plpgsql
SET search_path = pg_catalog, app, pg_temp
AS $$
BEGIN
    BEGIN
        PERFORM pg_advisory_xact_lock(hashtextextended('itl-incidents', 0));
    EXCEPTION WHEN lock_not_available OR deadlock_detected THEN
        PERFORM app.raise_error(9060);
    END;
END;
$$;
