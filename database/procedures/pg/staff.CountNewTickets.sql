-- staff.count_new_tickets: how many open tickets arrived after the newest one the app has
-- already announced (p_after_ticket_id; NULL: none counted, only the watermark returned) and
-- that this operator has not opened yet. The app polls it to announce arrivals without
-- reloading the queue; a range of the primary key, so it stays cheap on any table size.
CREATE OR REPLACE FUNCTION staff.count_new_tickets(p_token BYTEA, p_after_ticket_id BIGINT)
RETURNS TABLE (new_count INT, last_ticket_id BIGINT)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, app, pg_temp
AS $$
DECLARE
    v_staff_id INT;
BEGIN
    v_staff_id := app.require_session(p_token, 'operador');
    RETURN QUERY
    SELECT
        (
            SELECT count(*)::INT
            FROM app.ticket AS t
            INNER JOIN app.status AS s ON t.status_id = s.status_id
            WHERE
                p_after_ticket_id IS NOT NULL
                AND t.ticket_id > p_after_ticket_id
                AND s.is_open
                AND NOT EXISTS (
                    SELECT 1 FROM app.ticket_seen AS ts
                    WHERE ts.staff_id = v_staff_id AND ts.ticket_id = t.ticket_id
                )
        ),
        coalesce((SELECT max(t.ticket_id) FROM app.ticket AS t), 0)::BIGINT;
END;
$$;
