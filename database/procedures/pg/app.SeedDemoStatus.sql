-- app.seed_demo_status: how many tickets are real and how many were generated
-- by the demo seeder (app.demo_batch), so the seeder can refuse to mix them.
-- Owner only (never granted).
CREATE OR REPLACE FUNCTION app.seed_demo_status()
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
    FROM app.demo_batch AS b;
END;
$$;
