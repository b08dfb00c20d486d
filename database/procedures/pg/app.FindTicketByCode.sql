-- app.find_ticket_by_code: the ticket id for a folio + access code, or NULL.
-- One indexed path for every outcome (folio normalized: case, spaces; the code is
-- compared by its SHA-256). A miss is recorded per client; once a client reaches
-- status_lookup_failures_per_hour misses in the last hour every lookup raises 1170.
-- requires: app.SettingValue
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
    v_limit INT;
    v_failures INT;
    v_ticket_id BIGINT;
BEGIN
    IF nullif(btrim(p_client_key), '') IS NULL THEN
        PERFORM app.raise_error(1150);
    END IF;
    v_client := sha256(convert_to(btrim(p_client_key), 'UTF8'));
    v_limit := app.setting_value('status_lookup_failures_per_hour');

    SELECT count(*) INTO v_failures
    FROM (
        SELECT 1
        FROM app.status_lookup_log AS sl
        WHERE sl.client_key = v_client AND sl.attempted_at > now() - INTERVAL '1 hour'
        LIMIT v_limit
    ) AS recent;
    IF v_failures >= v_limit THEN
        PERFORM app.raise_error(1170);
    END IF;

    SELECT t.ticket_id INTO v_ticket_id
    FROM app.ticket AS t
    WHERE
        t.folio = upper(replace(coalesce(p_folio, ''), ' ', ''))
        AND t.access_code_hash = sha256(convert_to(
            upper(replace(replace(coalesce(p_access_code, ''), ' ', ''), '-', '')), 'UTF8'
        ));

    IF v_ticket_id IS NULL THEN
        INSERT INTO app.status_lookup_log (client_key) VALUES (v_client);
    END IF;
    RETURN v_ticket_id;
END;
$$;
