-- app.check_submit_rate: the rate limits of everything a requester writes (new tickets are
-- still checked inline by webform.submit_ticket with the same rules; replies use this).
-- Raises 1150 without a client key, 1160 when this client reached submit_client_per_hour
-- rows of app.submission_log in the last hour, 1161 when everyone reached
-- submit_global_per_minute in the last minute. Returns SHA-256 of the client key: the caller
-- inserts the app.submission_log row when it accepts the write.
CREATE OR REPLACE FUNCTION app.check_submit_rate(p_client_key VARCHAR)
RETURNS BYTEA
LANGUAGE plpgsql
SET search_path = pg_catalog, app, pg_temp
AS $$
DECLARE
    v_client BYTEA;
    v_limit INT;
    v_count INT;
    v_first_log BIGINT;
BEGIN
    IF nullif(btrim(p_client_key), '') IS NULL THEN
        PERFORM app.raise_error(1150);
    END IF;
    v_client := sha256(convert_to(btrim(p_client_key), 'UTF8'));
    SELECT coalesce(max(s.setting_value), 20) INTO v_limit
    FROM app.setting AS s WHERE s.setting_key = 'submit_client_per_hour';
    SELECT count(*) INTO v_count
    FROM (
        SELECT 1 FROM app.submission_log AS sl
        WHERE sl.client_key = v_client AND sl.submitted_at > now() - INTERVAL '1 hour'
        LIMIT v_limit
    ) AS recent;
    IF v_count >= v_limit THEN
        PERFORM app.raise_error(1160);
    END IF;
    SELECT coalesce(max(s.setting_value), 600) INTO v_limit
    FROM app.setting AS s WHERE s.setting_key = 'submit_global_per_minute';
    SELECT sl.log_id INTO v_first_log
    FROM app.submission_log AS sl
    WHERE sl.submitted_at > now() - INTERVAL '1 minute'
    ORDER BY sl.submitted_at
    LIMIT 1;
    IF v_first_log IS NOT NULL
        AND (SELECT max(sl.log_id) FROM app.submission_log AS sl) - v_first_log + 1 >= v_limit THEN
        SELECT count(*) INTO v_count
        FROM (
            SELECT 1 FROM app.submission_log AS sl
            WHERE sl.submitted_at > now() - INTERVAL '1 minute'
            LIMIT v_limit
        ) AS recent;
        IF v_count >= v_limit THEN
            PERFORM app.raise_error(1161);
        END IF;
    END IF;
    RETURN v_client;
END;
$$;
