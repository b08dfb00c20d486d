-- staff.get_stats_summary: the headline figures for tickets received between two
-- local days (inclusive), optionally for one campus: received, still open, current
-- backlog (all open tickets, any day), resolved in the range (by resolution day),
-- first-response and resolution median and 90th percentile in minutes (exact
-- percentile_cont, read through the histograms and their month grain), and tickets over their
-- priority's resolution target (resolved late, or still open past it now).
-- requires: app.CheckStatsRange
CREATE OR REPLACE FUNCTION staff.get_stats_summary(
    p_token BYTEA, p_date_from DATE, p_date_to DATE, p_campus_id INT DEFAULT NULL
)
RETURNS TABLE (
    received INT, open_in_range INT, open_backlog INT, resolved INT,
    first_response_median DOUBLE PRECISION, first_response_p90 DOUBLE PRECISION,
    resolution_median DOUBLE PRECISION, resolution_p90 DOUBLE PRECISION,
    resolved_late INT, open_overdue INT, over_target INT
)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, app, pg_temp
AS $$
DECLARE
    v_received INT;
    v_open_in_range INT;
    v_backlog INT;
    v_resolved INT;
    v_late INT;
    v_overdue INT;
    v_frm DOUBLE PRECISION;
    v_frp DOUBLE PRECISION;
    v_rm DOUBLE PRECISION;
    v_rp DOUBLE PRECISION;
    v_metric TEXT;
    v_fraction DOUBLE PRECISION;
    v_position DOUBLE PRECISION;
    v_result DOUBLE PRECISION;
    v_buckets INT [];
    v_counts BIGINT [];
    v_total BIGINT;
    v_rank BIGINT;
    v_before BIGINT;
    v_pick INT;
    v_value INT;
    v_next INT;
    v_values INT [];
    v_full_from DATE;
    v_full_to DATE;
BEGIN
    PERFORM app.require_session(p_token, 'administrador');
    PERFORM app.check_stats_range(p_date_from, p_date_to);

    SELECT
        coalesce(sum(sd.ticket_count) FILTER (WHERE sd.dimension = 'total'), 0),
        coalesce(sum(sd.ticket_count) FILTER (WHERE sd.dimension = 'status' AND s.is_open), 0),
        coalesce(sum(sd.ticket_count) FILTER (WHERE sd.dimension = 'resolved'), 0)
    INTO v_received, v_open_in_range, v_resolved
    FROM app.stats_daily AS sd
    LEFT JOIN app.status AS s ON sd.dimension = 'status' AND sd.item_id = s.status_id
    WHERE
        sd.dimension IN ('total', 'status', 'resolved')
        AND sd.stat_day BETWEEN p_date_from AND p_date_to
        AND (p_campus_id IS NULL OR sd.campus_id = p_campus_id);

    SELECT coalesce(sum(sd.ticket_count), 0) INTO v_backlog
    FROM app.stats_daily AS sd
    INNER JOIN app.status AS s ON sd.item_id = s.status_id
    WHERE sd.dimension = 'status' AND s.is_open AND (p_campus_id IS NULL OR sd.campus_id = p_campus_id);

    -- Exact percentile_cont from the histograms: the rank is located in one bucket, then
    -- inside it by adding up tickets per working minute. Whole months inside the range come
    -- from the month grain ('<metric>_month' rows, app.stats_minute_month), the days around
    -- them from the daily rows and the per-ticket rows (V022): a year reads a few thousand
    -- rows instead of sorting every ticket of the bucket.
    v_full_from := CASE
        WHEN extract(DAY FROM p_date_from) = 1 THEN p_date_from
        ELSE (date_trunc('month', p_date_from) + INTERVAL '1 month')::DATE
    END;
    v_full_to := CASE
        WHEN (p_date_to + 1) = date_trunc('month', p_date_to + 1)::DATE THEN p_date_to + 1
        ELSE date_trunc('month', p_date_to)::DATE
    END;
    IF v_full_from >= v_full_to THEN
        v_full_from := p_date_to + 1;
        v_full_to := p_date_to + 1;
    END IF;
    FOREACH v_metric IN ARRAY ARRAY['response', 'resolution'] LOOP
        SELECT
            array_agg(h.item_id ORDER BY h.item_id),
            array_agg(h.cnt ORDER BY h.item_id),
            coalesce(sum(h.cnt), 0)
        INTO v_buckets, v_counts, v_total
        FROM (
            SELECT u.item_id, sum(u.ticket_count)::BIGINT AS cnt
            FROM (
                SELECT sd.item_id, sd.ticket_count
                FROM app.stats_daily AS sd
                WHERE
                    sd.dimension = v_metric || '_month'
                    AND sd.stat_day >= v_full_from AND sd.stat_day < v_full_to
                    AND (p_campus_id IS NULL OR sd.campus_id = p_campus_id)
                UNION ALL
                SELECT sd.item_id, sd.ticket_count
                FROM app.stats_daily AS sd
                WHERE
                    sd.dimension = v_metric || '_hist'
                    AND sd.stat_day >= p_date_from AND sd.stat_day < v_full_from
                    AND (p_campus_id IS NULL OR sd.campus_id = p_campus_id)
                UNION ALL
                SELECT sd.item_id, sd.ticket_count
                FROM app.stats_daily AS sd
                WHERE
                    sd.dimension = v_metric || '_hist'
                    AND sd.stat_day >= v_full_to AND sd.stat_day <= p_date_to
                    AND (p_campus_id IS NULL OR sd.campus_id = p_campus_id)
            ) AS u
            GROUP BY u.item_id
            HAVING sum(u.ticket_count) > 0
        ) AS h;
        FOREACH v_fraction IN ARRAY ARRAY[0.5, 0.9]::DOUBLE PRECISION [] LOOP
            v_result := NULL;
            IF v_total > 0 THEN
                v_position := v_fraction * (v_total - 1);
                v_values := ARRAY[]::INT [];
                -- Rank floor(position) and, when the fraction falls between two ranks, the
                -- next one. They nearly always share a bucket: one read returns both values.
                v_rank := floor(v_position)::BIGINT;
                WHILE v_rank <= ceil(v_position)::BIGINT LOOP
                    -- the bucket holding 0-based rank v_rank, and the rank inside it
                    v_before := 0;
                    v_pick := NULL;
                    FOR v_i IN 1..array_length(v_buckets, 1) LOOP
                        IF v_before + v_counts[v_i] > v_rank THEN
                            v_pick := v_i;
                            EXIT;
                        END IF;
                        v_before := v_before + v_counts[v_i];
                    END LOOP;
                    -- Tickets per minute value of the bucket, in order, with the running count:
                    -- the value at rank r inside the bucket is the first whose count passes r.
                    SELECT
                        min(g.minutes) FILTER (WHERE g.upto > v_rank - v_before),
                        min(g.minutes) FILTER (WHERE g.upto > v_rank - v_before + 1)
                    INTO v_value, v_next
                    FROM (
                        SELECT w.minutes, sum(sum(w.n)) OVER (ORDER BY w.minutes) AS upto
                        FROM (
                            SELECT mm.minutes, mm.ticket_count::BIGINT AS n
                            FROM app.stats_minute_month AS mm
                            WHERE
                                mm.metric = v_metric
                                AND mm.bucket_id = v_buckets[v_pick]
                                AND mm.stat_month >= v_full_from AND mm.stat_month < v_full_to
                                AND (p_campus_id IS NULL OR mm.campus_id = p_campus_id)
                            UNION ALL
                            SELECT st.response_minutes, 1
                            FROM app.stats_ticket_time AS st
                            WHERE
                                v_metric = 'response'
                                AND st.response_bucket = v_buckets[v_pick]
                                AND st.created_day >= p_date_from AND st.created_day < v_full_from
                                AND (p_campus_id IS NULL OR st.campus_id = p_campus_id)
                            UNION ALL
                            SELECT st.response_minutes, 1
                            FROM app.stats_ticket_time AS st
                            WHERE
                                v_metric = 'response'
                                AND st.response_bucket = v_buckets[v_pick]
                                AND st.created_day >= v_full_to AND st.created_day <= p_date_to
                                AND (p_campus_id IS NULL OR st.campus_id = p_campus_id)
                            UNION ALL
                            SELECT st.resolution_minutes, 1
                            FROM app.stats_ticket_time AS st
                            WHERE
                                v_metric = 'resolution'
                                AND st.resolution_bucket = v_buckets[v_pick]
                                AND st.created_day >= p_date_from AND st.created_day < v_full_from
                                AND (p_campus_id IS NULL OR st.campus_id = p_campus_id)
                            UNION ALL
                            SELECT st.resolution_minutes, 1
                            FROM app.stats_ticket_time AS st
                            WHERE
                                v_metric = 'resolution'
                                AND st.resolution_bucket = v_buckets[v_pick]
                                AND st.created_day >= v_full_to AND st.created_day <= p_date_to
                                AND (p_campus_id IS NULL OR st.campus_id = p_campus_id)
                        ) AS w
                        GROUP BY w.minutes
                    ) AS g;
                    v_values := v_values || v_value;
                    IF v_next IS NOT NULL AND v_rank < ceil(v_position)::BIGINT THEN
                        v_values := v_values || v_next;  -- the next rank, same bucket
                        v_rank := v_rank + 1;
                    END IF;
                    v_rank := v_rank + 1;
                END LOOP;
                -- a whole-number position has one rank: it is both ends
                v_values := v_values || v_values[1];
                v_result := v_values[1] + (v_position - floor(v_position)) * (v_values[2] - v_values[1]);
            END IF;
            IF v_metric = 'response' AND v_fraction = 0.5 THEN
                v_frm := v_result;
            ELSIF v_metric = 'response' THEN
                v_frp := v_result;
            ELSIF v_fraction = 0.5 THEN
                v_rm := v_result;
            ELSE
                v_rp := v_result;
            END IF;
        END LOOP;
    END LOOP;

    SELECT count(*) INTO v_late
    FROM app.stats_ticket_time AS st
    WHERE
        st.is_over_target
        AND st.created_day BETWEEN p_date_from AND p_date_to
        AND (p_campus_id IS NULL OR st.campus_id = p_campus_id);

    SELECT count(*) INTO v_overdue
    FROM app.stats_ticket_time AS st
    WHERE
        st.is_open
        AND st.created_day BETWEEN p_date_from AND p_date_to
        AND (p_campus_id IS NULL OR st.campus_id = p_campus_id)
        AND st.due_at < now();

    RETURN QUERY SELECT
        v_received, v_open_in_range, v_backlog, v_resolved, v_frm, v_frp, v_rm, v_rp, v_late, v_overdue,
        v_late + v_overdue;
END;
$$;
