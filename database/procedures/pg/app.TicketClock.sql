-- app.ticket_clock: the one working-hours rule. For a ticket of campus p_campus_id received at
-- p_created_at: due_at (open tickets only: the response target while nobody has answered,
-- whichever target comes first; the resolution target afterwards), resolution_due_at,
-- response_minutes and resolution_minutes (whole working minutes, truncated) and
-- is_over_target (resolved after more working time than the priority's resolution target).
-- Working time is read from app.work_period (app.rebuild_work_calendar): the position of an
-- instant is the working milliseconds before it; a due instant is where the position plus
-- the target falls. A ticket received outside hours starts counting when the center opens.
-- Used by the ticket triggers (app.ticket_due_sync, app.ticket_stats_sync) and the rebuild;
-- LANGUAGE sql without SET options so PostgreSQL inlines it (the T-SQL twin is an inline
-- function). Beyond the calendar (or a campus without hours) the due instants are NULL.
CREATE OR REPLACE FUNCTION app.ticket_clock(
    p_campus_id INT,
    p_created_at TIMESTAMPTZ,
    p_priority_id INT,
    p_status_id INT,
    p_first_response_at TIMESTAMPTZ,
    p_resolved_at TIMESTAMPTZ
)
RETURNS TABLE (
    due_at TIMESTAMPTZ,
    resolution_due_at TIMESTAMPTZ,
    response_minutes INT,
    resolution_minutes INT,
    is_over_target BOOLEAN
)
LANGUAGE sql
STABLE
AS $$
    SELECT
        CASE WHEN s.is_open THEN CASE WHEN p_first_response_at IS NULL THEN rd.due_at ELSE sd.due_at END END,
        sd.due_at,
        ((x.fr - x.pos) / 60000)::INT,
        ((x.rs - x.pos) / 60000)::INT,
        coalesce(x.rs - x.pos > p.resolution_target_hours * 3600000::BIGINT, FALSE)
    FROM app.priority AS p
    INNER JOIN app.status AS s ON s.status_id = p_status_id
    -- Each position is one backward index probe, joined (not a scalar subquery) so that it is
    -- computed once per row however often it is used below.
    LEFT JOIN LATERAL (
        SELECT wp.cum_start_ms + least(
            wp.cum_end_ms - wp.cum_start_ms, floor(extract(EPOCH FROM p_created_at - wp.starts_at) * 1000)::BIGINT
        ) AS pos
        FROM app.work_period AS wp
        WHERE wp.campus_id = p_campus_id AND wp.starts_at <= p_created_at
        ORDER BY wp.starts_at DESC
        LIMIT 1
    ) AS c ON TRUE
    LEFT JOIN LATERAL (
        SELECT wp.cum_start_ms + least(
            wp.cum_end_ms - wp.cum_start_ms,
            floor(extract(EPOCH FROM p_first_response_at - wp.starts_at) * 1000)::BIGINT
        ) AS pos
        FROM app.work_period AS wp
        WHERE wp.campus_id = p_campus_id AND wp.starts_at <= p_first_response_at
        ORDER BY wp.starts_at DESC
        LIMIT 1
    ) AS fr ON TRUE
    LEFT JOIN LATERAL (
        SELECT wp.cum_start_ms + least(
            wp.cum_end_ms - wp.cum_start_ms, floor(extract(EPOCH FROM p_resolved_at - wp.starts_at) * 1000)::BIGINT
        ) AS pos
        FROM app.work_period AS wp
        WHERE wp.campus_id = p_campus_id AND wp.starts_at <= p_resolved_at
        ORDER BY wp.starts_at DESC
        LIMIT 1
    ) AS rs ON TRUE
    CROSS JOIN LATERAL (
        SELECT
            coalesce(c.pos, 0) AS pos,
            CASE WHEN p_first_response_at IS NOT NULL THEN coalesce(fr.pos, 0) END AS fr,
            CASE WHEN p_resolved_at IS NOT NULL THEN coalesce(rs.pos, 0) END AS rs,
            least(p.response_target_hours, p.resolution_target_hours) * 3600000::BIGINT AS first_ms,
            p.resolution_target_hours * 3600000::BIGINT AS resolution_ms
    ) AS x
    LEFT JOIN LATERAL (
        SELECT wp.starts_at + (x.pos + x.first_ms - wp.cum_start_ms) * INTERVAL '1 millisecond' AS due_at
        FROM app.work_period AS wp
        WHERE wp.campus_id = p_campus_id AND wp.cum_end_ms >= x.pos + x.first_ms
        ORDER BY wp.cum_end_ms
        LIMIT 1
    ) AS rd ON TRUE
    LEFT JOIN LATERAL (
        SELECT wp.starts_at + (x.pos + x.resolution_ms - wp.cum_start_ms) * INTERVAL '1 millisecond' AS due_at
        FROM app.work_period AS wp
        WHERE wp.campus_id = p_campus_id AND wp.cum_end_ms >= x.pos + x.resolution_ms
        ORDER BY wp.cum_end_ms
        LIMIT 1
    ) AS sd ON TRUE
    WHERE p.priority_id = p_priority_id;
$$;
