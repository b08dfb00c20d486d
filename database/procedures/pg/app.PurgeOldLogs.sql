-- app.purge_old_logs: retention of the logs that grow with traffic (owner only; run daily by
-- tools/run_system on the embedded database, by a SQL Agent job on SQL Server).
-- Deletes submission_log, status_lookup_log and login_attempt rows older than p_days
-- (default: setting log_retention_days), the login failure counters of unknown names
-- (login_name_failure) last updated before that cutoff and not locked any more, the per-source
-- login windows (login_source) that started before it, every staff session that can no longer
-- be used (revoked, past its absolute expiry or idle longer than session_idle_minutes) and
-- every expired photo link (photo_link). Returns how many rows it deleted from each.
-- Error 9020 when the days are below 1.
-- requires: app.SettingValue
DROP FUNCTION IF EXISTS app.purge_old_logs(INT);
CREATE OR REPLACE FUNCTION app.purge_old_logs(p_days INT DEFAULT NULL)
RETURNS TABLE (
    retention_days INT, submission_log INT, status_lookup_log INT, login_attempt INT, staff_session INT,
    login_name_failure INT, login_source INT, photo_link INT
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
    v_name_failures INT;
    v_sources INT;
    v_links INT;
BEGIN
    v_days := coalesce(p_days, app.setting_value('log_retention_days'));
    IF v_days < 1 THEN
        PERFORM app.raise_error(9020);
    END IF;
    v_idle_minutes := app.setting_value('session_idle_minutes');
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
        OR ss.last_seen_at <= now() - make_interval(mins => v_idle_minutes);
    GET DIAGNOSTICS v_sessions = ROW_COUNT;
    DELETE FROM app.login_name_failure AS lf
    WHERE lf.updated_at < v_cutoff AND (lf.locked_until IS NULL OR lf.locked_until <= now());
    GET DIAGNOSTICS v_name_failures = ROW_COUNT;
    DELETE FROM app.login_source AS ls WHERE ls.window_start < v_cutoff;
    GET DIAGNOSTICS v_sources = ROW_COUNT;
    DELETE FROM app.photo_link AS pl WHERE pl.expires_at < now();
    GET DIAGNOSTICS v_links = ROW_COUNT;

    RETURN QUERY SELECT
        v_days, v_submissions, v_lookups, v_attempts, v_sessions, v_name_failures, v_sources, v_links;
END;
$$;
