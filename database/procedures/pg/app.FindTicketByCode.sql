-- app.find_ticket_by_code: the ticket id for a folio + access code, or NULL.
-- Folio normalized (case, spaces); the code is compared by its SHA-256. The right code
-- always passes, whatever the misses before it (issue 20, finding 6: a few wrong codes from
-- one address used to lock the owner out of lookup, reply, confirm and rate for an hour).
-- Every miss is recorded with its client and its folio (app.status_lookup_log). Limits on
-- misses (issue 12; docs/readme/web.md has the arithmetic of why guessing stays infeasible):
--   * per folio, from any address: once a folio has status_lookup_folio_failures_per_hour
--     misses in the last hour, a wrong code for it raises 1162; the lookups of one folio
--     are serialized (advisory lock) so this count is exact;
--   * per client (address): once it has status_lookup_failures_per_hour misses in the last
--     hour, a folio that does not exist raises 1170 (people behind one campus NAT share an
--     address, so a real folio's right code still passes and its wrong one is a miss of
--     that folio).
-- requires: app.SettingValue
-- requires: app.Utf8Bytes
-- requires: app.LockResource
CREATE OR REPLACE FUNCTION app.find_ticket_by_code(
    p_folio VARCHAR,
    p_access_code VARCHAR,
    p_client_key VARCHAR
)
RETURNS BIGINT
LANGUAGE plpgsql
SET search_path = pg_catalog, app, pg_temp
AS $$
DECLARE
    v_client BYTEA;
    v_folio VARCHAR := upper(replace(coalesce(p_folio, ''), ' ', ''));
    v_client_limit INT;
    v_folio_limit INT;
    v_failures INT;
    v_ticket_id BIGINT;
    v_code_ok BOOLEAN;
BEGIN
    IF nullif(btrim(p_client_key), '') IS NULL THEN
        PERFORM app.raise_error(1150);
    END IF;
    v_client := sha256(app.utf8_bytes(btrim(p_client_key)));
    v_client_limit := app.setting_value('status_lookup_failures_per_hour');
    v_folio_limit := app.setting_value('status_lookup_folio_failures_per_hour');

    -- The right code always passes: misses on a folio (anyone's, from anywhere) never lock
    -- its owner out (issue 20, finding 6). Lookups of one folio are serialized so the miss
    -- count below is exact.
    BEGIN
        PERFORM pg_advisory_xact_lock(hashtextextended(app.lock_resource('itl-status-folio:' || left(v_folio, 20)), 0));
    EXCEPTION WHEN lock_not_available OR deadlock_detected THEN
        PERFORM app.raise_error(9070);  -- lock_timeout of the client login (issue 20, finding 4)
    END;
    SELECT
        t.ticket_id,
        t.access_code_hash = sha256(app.utf8_bytes(
            upper(replace(replace(coalesce(p_access_code, ''), ' ', ''), '-', ''))
        ))
    INTO v_ticket_id, v_code_ok
    FROM app.ticket AS t
    WHERE t.folio = v_folio;
    IF v_code_ok THEN
        RETURN v_ticket_id;
    END IF;

    -- A miss. Per folio, from any address (count only up to the limit): over it, a wrong
    -- code is refused (1162) and not counted.
    SELECT count(*) INTO v_failures
    FROM (
        SELECT 1
        FROM app.status_lookup_log AS sl
        WHERE sl.folio = left(v_folio, 20) AND sl.attempted_at > now() - INTERVAL '1 hour'
        LIMIT v_folio_limit
    ) AS recent;
    IF v_failures >= v_folio_limit THEN
        PERFORM app.raise_error(1162);
    END IF;

    -- A miss. Per client: over its limit, a folio that does not exist is refused.
    IF v_ticket_id IS NULL THEN
        SELECT count(*) INTO v_failures
        FROM (
            SELECT 1
            FROM app.status_lookup_log AS sl
            WHERE sl.client_key = v_client AND sl.attempted_at > now() - INTERVAL '1 hour'
            LIMIT v_client_limit
        ) AS recent;
        IF v_failures >= v_client_limit THEN
            PERFORM app.raise_error(1170);
        END IF;
    END IF;
    INSERT INTO app.status_lookup_log (client_key, folio) VALUES (v_client, left(v_folio, 20));
    RETURN NULL;
END;
$$;
