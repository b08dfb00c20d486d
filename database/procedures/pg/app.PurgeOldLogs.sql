-- app.purge_old_logs: retention of the logs that grow with traffic (owner only; run daily by
-- tools/run_system on the embedded database, by a SQL Agent job on SQL Server).
-- Deletes submission_log, status_lookup_log and login_attempt rows older than p_days
-- (default: setting log_retention_days) and every staff session that can no longer be used
-- (revoked, past its absolute expiry or idle longer than session_idle_minutes).
-- Returns how many rows it deleted from each. Error 9020 when the days are below 1.
CREATE OR REPLACE FUNCTION app.purge_old_logs(p_days INT DEFAULT NULL)
RETURNS TABLE (
    retention_days INT, submission_log INT, status_lookup_log INT, login_attempt INT, staff_session INT
)
LANGUAGE plpgsql
SET search_path = pg_catalog, app, pg_temp
AS $$
DECLARE
    v_days INT;
    v_idle_minutes INT;
    v_cutoff TIMESTAMPTZ;
    v_submissions INT;
    v_lookups INT;
    v_attempts INT;
    v_sessions INT;
BEGIN
    v_days := p_days;
    IF v_days IS NULL THEN
        SELECT s.setting_value INTO v_days
        FROM app.setting AS s
        WHERE s.setting_key = 'log_retention_days';
    END IF;
    IF v_days IS NULL OR v_days < 1 THEN
        PERFORM app.raise_error(9020);
    END IF;
    SELECT s.setting_value INTO v_idle_minutes
    FROM app.setting AS s
    WHERE s.setting_key = 'session_idle_minutes';
    v_cutoff := now() - make_interval(days => v_days);

    DELETE FROM app.submission_log AS sl WHERE sl.submitted_at < v_cutoff;
    GET DIAGNOSTICS v_submissions = ROW_COUNT;
    DELETE FROM app.status_lookup_log AS ll WHERE ll.attempted_at < v_cutoff;
    GET DIAGNOSTICS v_lookups = ROW_COUNT;
    DELETE FROM app.login_attempt AS la WHERE la.attempted_at < v_cutoff;
    GET DIAGNOSTICS v_attempts = ROW_COUNT;
    DELETE FROM app.staff_session AS ss
    WHERE
        ss.revoked_at IS NOT NULL
        OR ss.expires_at <= now()
        OR ss.last_seen_at <= now() - make_interval(mins => coalesce(v_idle_minutes, 30));
    GET DIAGNOSTICS v_sessions = ROW_COUNT;

    RETURN QUERY SELECT v_days, v_submissions, v_lookups, v_attempts, v_sessions;
END;
$$;
