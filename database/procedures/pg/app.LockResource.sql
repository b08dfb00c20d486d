-- app.lock_resource: the name under which a procedure takes its advisory lock for p_name
-- ('itl-submit-client:<hex>', 'itl-status-folio:<folio>', 'itl-login-source:<address>'):
-- 'itl:' || hex SHA-256(instance secret || UTF-8 bytes of p_name). A client login cannot
-- read the secret, so it cannot name (and hold) the lock a submission, a status lookup or a
-- login waits for, even where the deploy could not revoke pg_advisory_* from PUBLIC; the
-- T-SQL twin does the same for sp_getapplock, which every database user may call (issue 20,
-- finding 4).
-- requires: app.Utf8Bytes
CREATE OR REPLACE FUNCTION app.lock_resource(p_name VARCHAR)
RETURNS VARCHAR
LANGUAGE sql
STABLE
SET search_path = pg_catalog, app, pg_temp
AS $$
    SELECT ('itl:' || encode(sha256(s.secret || app.utf8_bytes(p_name)), 'hex'))::VARCHAR
    FROM app.instance_secret AS s
    WHERE s.secret_id = 1;
$$;
