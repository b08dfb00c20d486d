-- demo.seed_status: how many tickets are real and how many were generated
-- by the demo seeder (demo.batch), so the seeder can refuse to mix them.
-- Owner only (never granted).
CREATE OR REPLACE FUNCTION demo.seed_status()
RETURNS TABLE (real_tickets BIGINT, demo_tickets BIGINT, demo_events BIGINT, demo_batches INT)
LANGUAGE plpgsql
SET search_path = pg_catalog, app, pg_temp
AS $$
DECLARE
    v_total BIGINT;
BEGIN
    SELECT count(*) INTO v_total FROM app.ticket;
    RETURN QUERY
    SELECT
        v_total - coalesce(sum(b.ticket_count), 0)::BIGINT,
        coalesce(sum(b.ticket_count), 0)::BIGINT,
        coalesce(sum(b.event_count), 0)::BIGINT,
        count(*)::INT
    FROM demo.batch AS b;
END;
$$;
