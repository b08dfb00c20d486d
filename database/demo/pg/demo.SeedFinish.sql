-- demo.seed_finish: refresh the planner statistics of the tables the demo
-- seeder filled, so the first queries after seeding get good plans.
-- Owner only (never granted).
CREATE OR REPLACE FUNCTION demo.seed_finish()
RETURNS TABLE (tickets BIGINT, events BIGINT)
LANGUAGE plpgsql
SET search_path = pg_catalog, app, pg_temp
AS $$
BEGIN
    ANALYZE app.ticket;
    ANALYZE app.ticket_event;
    ANALYZE app.equipment;
    ANALYZE app.staff_user;
    RETURN QUERY
    SELECT
        (SELECT count(*) FROM app.ticket)::BIGINT,
        (SELECT count(*) FROM app.ticket_event)::BIGINT;
END;
$$;
