-- webform.check_submit_quota: whether this client may write now (a submission or a reply with
-- photos): raises what app.check_submit_rate raises (1150, 1160, 1161, 9060) and writes nothing.
-- The web tier asks before it decodes photos (issue 20, finding 5: a client over its hourly
-- limit used to cost seconds of decoding before its 429). A replay (a ticket already submitted
-- with p_idempotency_key) passes: the submit answers it without counting.
-- The real check stays in the submitting procedure, in its transaction.
CREATE OR REPLACE FUNCTION webform.check_submit_quota(
    p_client_key VARCHAR,
    p_idempotency_key UUID DEFAULT NULL
)
RETURNS VOID
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, app, pg_temp
AS $$
BEGIN
    IF p_idempotency_key IS NOT NULL
        AND EXISTS (SELECT 1 FROM app.ticket AS t WHERE t.idempotency_key = p_idempotency_key) THEN
        RETURN;
    END IF;
    PERFORM app.check_submit_rate(p_client_key);
END;
$$;
