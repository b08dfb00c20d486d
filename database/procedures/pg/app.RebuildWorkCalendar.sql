-- app.rebuild_work_calendar: lays the weekly schedule (app.work_hours) minus the non-working
-- days (app.non_working_day) out as app.work_period for one campus (NULL: all), local days
-- 2000-01-01 to 2060-12-31, then recomputes what depends on the future: the due instant of
-- every open ticket (app.ticket.due_at, through the app.ticket_due_sync trigger) and of its
-- statistics row. p_all_tickets (first install, upgrade): every ticket's working minutes, the
-- response/resolution histograms (daily and monthly) and app.stats_minute_month too. Edits
-- only take effect from tomorrow, so the periods before today are unchanged and what was
-- measured stays as it was.
-- Local time to UTC, the one rule of both dialects: UTC-6 from 2022-10-30 02:00 local (Mexico abolished
-- daylight saving time; León observes none), the tz database's America/Mexico_City before.
-- requires: app.TicketClock
-- requires: app.TicketDueSync
CREATE OR REPLACE FUNCTION app.rebuild_work_calendar(p_campus_id INT, p_all_tickets BOOLEAN)
RETURNS VOID
LANGUAGE plpgsql
SET search_path = pg_catalog, app, pg_temp
AS $$
BEGIN
    -- One rebuild at a time: the periods are replaced as a whole.
    PERFORM pg_advisory_xact_lock(hashtext('app.rebuild_work_calendar'));
    DELETE FROM app.work_period AS wp WHERE p_campus_id IS NULL OR wp.campus_id = p_campus_id;

    INSERT INTO app.work_period (campus_id, starts_at, ends_at, cum_start_ms, cum_end_ms)
    SELECT
        x.campus_id,
        x.starts_at,
        x.ends_at,
        sum(x.span_ms) OVER w - x.span_ms,
        sum(x.span_ms) OVER w
    FROM (
        SELECT
            u.campus_id,
            u.starts_at,
            u.ends_at,
            floor(extract(EPOCH FROM u.ends_at - u.starts_at) * 1000)::BIGINT AS span_ms
        FROM (
            SELECT
                c.campus_id,
                CASE
                    WHEN g.d + h.opens_minute * INTERVAL '1 minute' >= TIMESTAMP '2022-10-30 02:00'
                        THEN (g.d + h.opens_minute * INTERVAL '1 minute') AT TIME ZONE INTERVAL '-06:00'
                    ELSE (g.d + h.opens_minute * INTERVAL '1 minute') AT TIME ZONE 'America/Mexico_City'
                END AS starts_at,
                CASE
                    WHEN g.d + h.closes_minute * INTERVAL '1 minute' >= TIMESTAMP '2022-10-30 02:00'
                        THEN (g.d + h.closes_minute * INTERVAL '1 minute') AT TIME ZONE INTERVAL '-06:00'
                    ELSE (g.d + h.closes_minute * INTERVAL '1 minute') AT TIME ZONE 'America/Mexico_City'
                END AS ends_at
            FROM app.campus AS c
            CROSS JOIN
                generate_series(TIMESTAMP '2000-01-01', TIMESTAMP '2060-12-31', INTERVAL '1 day') AS g (d)
            CROSS JOIN LATERAL (
                SELECT wh.valid_from
                FROM app.work_hours AS wh
                WHERE wh.campus_id = c.campus_id AND wh.valid_from <= g.d::DATE
                ORDER BY wh.valid_from DESC
                LIMIT 1
            ) AS v
            INNER JOIN app.work_hours AS h
                ON
                    c.campus_id = h.campus_id AND v.valid_from = h.valid_from
                    AND h.weekday = extract(ISODOW FROM g.d)
            WHERE
                (p_campus_id IS NULL OR c.campus_id = p_campus_id)
                AND h.opens_minute < h.closes_minute
                AND NOT EXISTS (
                    SELECT 1 FROM app.non_working_day AS n
                    WHERE n.campus_id = c.campus_id AND n.off_day = g.d::DATE AND n.is_active
                )
        ) AS u
    ) AS x
    WINDOW w AS (PARTITION BY x.campus_id ORDER BY x.starts_at);

    -- Open tickets whose due instant moves: the trigger recomputes due_at whenever the column
    -- is written. Only those rows: rewriting every open ticket (a new row version in each of
    -- the ticket's indexes, the statistics trigger's clock twice per row) took 4-7 s at 1M
    -- tickets for a change that moves no due instant, and bloated the open-ticket indexes
    -- the queue's "vencidas" pages read. The open statuses as a constant list, so the open
    -- tickets are found through ix_app_ticket_status before the clock runs (as a semi-join the
    -- planner ran the clock on every ticket of the table first: 30 s at 1M).
    UPDATE app.ticket AS t SET due_at = NULL
    WHERE
        t.status_id = ANY(ARRAY(SELECT s.status_id FROM app.status AS s WHERE s.is_open))
        AND (p_campus_id IS NULL OR t.campus_id = p_campus_id)
        AND t.due_at IS DISTINCT FROM (
            SELECT k.due_at
            FROM app.ticket_clock(
                t.campus_id, t.created_at, t.priority_id, t.status_id, t.first_response_at, t.resolved_at
            ) AS k
        );

    IF NOT coalesce(p_all_tickets, FALSE) THEN
        UPDATE app.stats_ticket_time AS st
        SET due_at = coalesce(k.resolution_due_at, TIMESTAMPTZ '9999-12-31 00:00+00')
        FROM app.ticket AS t
        CROSS JOIN LATERAL app.ticket_clock(
            t.campus_id, t.created_at, t.priority_id, t.status_id, t.first_response_at, t.resolved_at
        ) AS k
        WHERE
            st.ticket_id = t.ticket_id
            AND st.is_open
            AND (p_campus_id IS NULL OR st.campus_id = p_campus_id)
            AND st.due_at IS DISTINCT FROM coalesce(k.resolution_due_at, TIMESTAMPTZ '9999-12-31 00:00+00');
        RETURN;
    END IF;

    -- Every ticket (first install, upgrade): working minutes, buckets, lateness, due; then the
    -- histograms the percentiles read are counted again from those rows.
    UPDATE app.stats_ticket_time AS st
    SET
        response_minutes = k.response_minutes,
        resolution_minutes = k.resolution_minutes,
        is_over_target = k.is_over_target,
        due_at = coalesce(k.resolution_due_at, TIMESTAMPTZ '9999-12-31 00:00+00'),
        response_bucket = (
            SELECT b.bucket_id FROM app.stats_minute_bucket AS b
            WHERE b.lo_minutes <= k.response_minutes ORDER BY b.lo_minutes DESC LIMIT 1
        ),
        resolution_bucket = (
            SELECT b.bucket_id FROM app.stats_minute_bucket AS b
            WHERE b.lo_minutes <= k.resolution_minutes ORDER BY b.lo_minutes DESC LIMIT 1
        )
    FROM app.ticket AS t
    CROSS JOIN LATERAL app.ticket_clock(
        t.campus_id, t.created_at, t.priority_id, t.status_id, t.first_response_at, t.resolved_at
    ) AS k
    WHERE st.ticket_id = t.ticket_id AND (p_campus_id IS NULL OR st.campus_id = p_campus_id);

    DELETE FROM app.stats_daily AS sd
    WHERE
        sd.dimension IN ('response_hist', 'resolution_hist', 'response_month', 'resolution_month')
        AND (p_campus_id IS NULL OR sd.campus_id = p_campus_id);
    INSERT INTO app.stats_daily (dimension, stat_day, campus_id, item_id, ticket_count)
    SELECT 'response_hist', st.created_day, st.campus_id, st.response_bucket, count(*)::INT
    FROM app.stats_ticket_time AS st
    WHERE st.response_bucket IS NOT NULL AND (p_campus_id IS NULL OR st.campus_id = p_campus_id)
    GROUP BY st.created_day, st.campus_id, st.response_bucket
    UNION ALL
    SELECT 'resolution_hist', st.created_day, st.campus_id, st.resolution_bucket, count(*)::INT
    FROM app.stats_ticket_time AS st
    WHERE st.resolution_bucket IS NOT NULL AND (p_campus_id IS NULL OR st.campus_id = p_campus_id)
    GROUP BY st.created_day, st.campus_id, st.resolution_bucket;
    -- The month grain of the same histograms (V022).
    INSERT INTO app.stats_daily (dimension, stat_day, campus_id, item_id, ticket_count)
    SELECT
        CASE sd.dimension WHEN 'response_hist' THEN 'response_month' ELSE 'resolution_month' END,
        date_trunc('month', sd.stat_day)::DATE,
        sd.campus_id,
        sd.item_id,
        sum(sd.ticket_count)::INT
    FROM app.stats_daily AS sd
    WHERE
        sd.dimension IN ('response_hist', 'resolution_hist')
        AND (p_campus_id IS NULL OR sd.campus_id = p_campus_id)
    GROUP BY sd.dimension, date_trunc('month', sd.stat_day)::DATE, sd.campus_id, sd.item_id;

    DELETE FROM app.stats_minute_month AS mm WHERE p_campus_id IS NULL OR mm.campus_id = p_campus_id;
    INSERT INTO app.stats_minute_month (metric, bucket_id, stat_month, campus_id, minutes, ticket_count)
    SELECT
        'response',
        st.response_bucket,
        date_trunc('month', st.created_day)::DATE,
        st.campus_id,
        st.response_minutes,
        count(*)::INT
    FROM app.stats_ticket_time AS st
    WHERE st.response_bucket IS NOT NULL AND (p_campus_id IS NULL OR st.campus_id = p_campus_id)
    GROUP BY st.response_bucket, date_trunc('month', st.created_day)::DATE, st.campus_id, st.response_minutes
    UNION ALL
    SELECT
        'resolution',
        st.resolution_bucket,
        date_trunc('month', st.created_day)::DATE,
        st.campus_id,
        st.resolution_minutes,
        count(*)::INT
    FROM app.stats_ticket_time AS st
    WHERE st.resolution_bucket IS NOT NULL AND (p_campus_id IS NULL OR st.campus_id = p_campus_id)
    GROUP BY st.resolution_bucket, date_trunc('month', st.created_day)::DATE, st.campus_id, st.resolution_minutes;
END;
$$;
