-- staff.reissue_access_code: a new access code for a requester who lost theirs (in person, at
-- the computing center). Operador or administrador; any status. The new 10-character code
-- (alphabet of app.ticket_access_code, from gen_random_uuid's random bytes) is returned once
-- and only its SHA-256 is stored: the old code stops working at once. One internal 'codigo'
-- event with the actor and one Bitácora line (reemitir_codigo, target the folio: who gave a
-- requester a new code is an administrative fact); row_version bumped (3001, 3002 as every
-- staff change).
-- requires: app.LockTicketForChange
-- requires: app.WriteAdminAudit
-- requires: app.Utf8Bytes
CREATE OR REPLACE FUNCTION staff.reissue_access_code(p_token BYTEA, p_ticket_id BIGINT, p_row_version INT)
RETURNS TABLE (ticket_id BIGINT, folio VARCHAR, access_code VARCHAR, row_version INT, event_id BIGINT)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, app, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    c_alphabet CONSTANT TEXT := 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
    v_staff_id INT;
    v_random BYTEA;
    v_code VARCHAR := '';
    v_event_id BIGINT;
BEGIN
    v_staff_id := app.require_session(p_token, 'operador');
    IF p_ticket_id IS NULL OR p_row_version IS NULL THEN
        PERFORM app.raise_error(1001);
    END IF;
    PERFORM app.lock_ticket_for_change(p_ticket_id, p_row_version, FALSE);
    -- Bytes 0-5 and 10-15 of a v4 UUID are fully random (6 and 8 hold version/variant bits).
    v_random := decode(replace(gen_random_uuid()::TEXT, '-', ''), 'hex');
    v_random := substr(v_random, 1, 6) || substr(v_random, 11, 4);
    FOR i IN 0..9 LOOP
        v_code := v_code || substr(c_alphabet, get_byte(v_random, i) % 31 + 1, 1);
    END LOOP;

    UPDATE app.ticket AS t
    SET access_code_hash = sha256(app.utf8_bytes(v_code)),
        row_version = t.row_version + 1,
        updated_at = now()
    WHERE t.ticket_id = p_ticket_id;
    INSERT INTO app.ticket_event (ticket_id, event_type, is_public, actor_staff_id)
    VALUES (p_ticket_id, 'codigo', FALSE, v_staff_id)
    RETURNING event_id INTO v_event_id;
    PERFORM app.write_admin_audit(
        v_staff_id, 'reemitir_codigo', (SELECT t.folio FROM app.ticket AS t WHERE t.ticket_id = p_ticket_id), NULL
    );

    RETURN QUERY
    SELECT t.ticket_id, t.folio, v_code, t.row_version, v_event_id
    FROM app.ticket AS t
    WHERE t.ticket_id = p_ticket_id;
END;
$$;
