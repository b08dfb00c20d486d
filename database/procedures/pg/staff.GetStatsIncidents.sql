-- staff.get_stats_incidents: incidents by local month of their start (America/Mexico_City)
-- between two local days (inclusive; 1001/4030): how many, how many resolved, tickets linked,
-- tickets per incident and time to resolve in minutes (average and maximum, resolved ones).
-- requires: app.CheckStatsRange
CREATE OR REPLACE FUNCTION staff.get_stats_incidents(p_token BYTEA, p_date_from DATE, p_date_to DATE)
RETURNS TABLE (
    month_start DATE,
    incident_count INT,
    resolved_count INT,
    ticket_count INT,
    tickets_per_incident NUMERIC,
    resolve_minutes_avg INT,
    resolve_minutes_max INT
)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, app, pg_temp
AS $$
#variable_conflict use_column
BEGIN
    PERFORM app.require_session(p_token, 'administrador');
    PERFORM app.check_stats_range(p_date_from, p_date_to);
    RETURN QUERY
    SELECT
        m.month_start,
        count(*)::INT,
        count(m.resolved_at)::INT,
        sum(m.tickets)::INT,
        round(avg(m.tickets), 1),
        round(avg(extract(EPOCH FROM m.resolved_at - m.started_at) / 60))::INT,
        round(max(extract(EPOCH FROM m.resolved_at - m.started_at) / 60))::INT
    FROM (
        SELECT
            date_trunc('month', i.started_at AT TIME ZONE 'America/Mexico_City')::DATE AS month_start,
            i.started_at,
            i.resolved_at,
            (SELECT count(*) FROM app.incident_ticket AS it WHERE it.incident_id = i.incident_id) AS tickets
        FROM app.incident AS i
        WHERE
            i.started_at >= p_date_from::TIMESTAMP AT TIME ZONE 'America/Mexico_City'
            AND i.started_at < (p_date_to + 1)::TIMESTAMP AT TIME ZONE 'America/Mexico_City'
    ) AS m
    GROUP BY m.month_start
    ORDER BY m.month_start;
END;
$$;
