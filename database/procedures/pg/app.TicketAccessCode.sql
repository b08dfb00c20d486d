-- app.ticket_access_code: the access code of the ticket submitted with p_idempotency_key.
-- SHA-256(instance secret || lower-case UUID text as ASCII); byte i (0..9) mod 31 picks a
-- character of an alphabet without 0/O/1/I/L. Deterministic, so a replay can give the code
-- again while only its SHA-256 is stored. Byte-identical in T-SQL (app.TicketAccessCode).
-- requires: app.Utf8Bytes
CREATE OR REPLACE FUNCTION app.ticket_access_code(p_idempotency_key UUID)
RETURNS VARCHAR
LANGUAGE plpgsql
STABLE
SET search_path = pg_catalog, app, pg_temp
AS $$
DECLARE
    c_alphabet CONSTANT TEXT := 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
    v_digest BYTEA;
    v_code VARCHAR := '';
BEGIN
    SELECT sha256(s.secret || app.utf8_bytes(lower(p_idempotency_key::TEXT)))
    INTO v_digest
    FROM app.instance_secret AS s
    WHERE s.secret_id = 1;
    FOR i IN 0..9 LOOP
        v_code := v_code || substr(c_alphabet, get_byte(v_digest, i) % 31 + 1, 1);
    END LOOP;
    RETURN v_code;
END;
$$;
