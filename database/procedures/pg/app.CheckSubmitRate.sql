-- app.check_submit_rate: THE rate limits of everything a requester writes (webform.submit_ticket,
-- webform.add_requester_reply). Raises 1150 without a client key, 1160 when this client reached
-- submit_client_per_hour rows of app.submission_log in the last hour, 1161 when everyone reached
-- submit_global_per_minute in the last minute. Returns SHA-256 of the client key: the caller
-- inserts the app.submission_log row, in the same transaction, when it accepts the write.
-- One write at a time per client: a transaction-level advisory lock on the client key
-- ('itl-submit-client:' || hex) is taken before counting and held until the caller's
-- transaction ends, so the count and the caller's insert are serialized and the limit is exact
-- under concurrency. A lock that cannot be granted (lock_timeout, deadlock) raises 9060.
-- requires: app.SettingValue
-- requires: app.Utf8Bytes
-- requires: app.LockResource
CREATE OR REPLACE FUNCTION app.check_submit_rate(p_client_key VARCHAR)
RETURNS BYTEA
LANGUAGE plpgsql
SET search_path = pg_catalog, app, pg_temp
AS $$
DECLARE
    v_client BYTEA;
    v_limit INT;
    v_count INT;
BEGIN
    IF nullif(btrim(p_client_key), '') IS NULL THEN
        PERFORM app.raise_error(1150);
    END IF;
    v_client := sha256(app.utf8_bytes(btrim(p_client_key)));
    BEGIN
        PERFORM pg_advisory_xact_lock(hashtextextended(app.lock_resource('itl-submit-client:' || encode(v_client, 'hex')), 0));
    EXCEPTION WHEN lock_not_available OR deadlock_detected THEN
        PERFORM app.raise_error(9060);
    END;

    -- Per client: count only up to the limit (cheap under load).
    v_limit := app.setting_value('submit_client_per_hour');
    SELECT count(*) INTO v_count
    FROM (
        SELECT 1 FROM app.submission_log AS sl
        WHERE sl.client_key = v_client AND sl.submitted_at > now() - INTERVAL '1 hour'
        LIMIT v_limit
    ) AS recent;
    IF v_count >= v_limit THEN
        PERFORM app.raise_error(1160);
    END IF;

    -- Global: an exact count of the window, stopping at the limit (an index range scan of
    -- at most submit_global_per_minute entries). Never an estimate from log ids: rows commit
    -- with ids out of time order (submitted_at is taken when the caller starts), and an
    -- estimate from them undercounted (issue 20, finding 8).
    v_limit := app.setting_value('submit_global_per_minute');
    SELECT count(*) INTO v_count
    FROM (
        SELECT 1 FROM app.submission_log AS sl
        WHERE sl.submitted_at > now() - INTERVAL '1 minute'
        LIMIT v_limit
    ) AS recent;
    IF v_count >= v_limit THEN
        PERFORM app.raise_error(1161);
    END IF;
    RETURN v_client;
END;
$$;
