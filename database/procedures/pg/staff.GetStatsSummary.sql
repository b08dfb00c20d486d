-- staff.get_stats_summary: the headline figures for tickets received between two
-- local days (inclusive), optionally for one campus: received, still open, current
-- backlog (all open tickets, any day), resolved in the range (by resolution day),
-- first-response and resolution median and 90th percentile in minutes (exact,
-- percentile_cont), and tickets over their priority's resolution target (resolved
-- late, or still open past it now).
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

    SELECT
        percentile_cont(0.5) WITHIN GROUP (ORDER BY st.response_minutes),
        percentile_cont(0.9) WITHIN GROUP (ORDER BY st.response_minutes),
        percentile_cont(0.5) WITHIN GROUP (ORDER BY st.resolution_minutes),
        percentile_cont(0.9) WITHIN GROUP (ORDER BY st.resolution_minutes),
        count(*) FILTER (WHERE st.is_over_target)
    INTO v_frm, v_frp, v_rm, v_rp, v_late
    FROM app.stats_ticket_time AS st
    WHERE
        st.created_day BETWEEN p_date_from AND p_date_to
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
