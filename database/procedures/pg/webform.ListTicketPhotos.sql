-- webform.list_ticket_photos: the photos of a ticket (sent with it or with the requester's
-- messages), oldest first, by folio + access code; 0 rows for a miss (app.find_ticket_by_code
-- counts it). Each row carries a fresh random 32-byte photo_token: only its SHA-256 is kept
-- in app.photo_link, valid for photo_link_minutes; webform.get_ticket_photo serves the bytes
-- for it. Attachment ids never leave the database. Expired links are deleted here. source:
-- 'solicitud' (sent with the ticket), 'mensaje' (with a requester's message) or 'respuesta'
-- (with a staff public reply); event_number: the webform.list_public_events row of that
-- message (NULL for the ticket's own photos).
-- requires: app.FindTicketByCode
DROP FUNCTION IF EXISTS webform.list_ticket_photos(VARCHAR, VARCHAR, VARCHAR);
CREATE OR REPLACE FUNCTION webform.list_ticket_photos(
    p_folio VARCHAR,
    p_access_code VARCHAR,
    p_client_key VARCHAR
)
RETURNS TABLE (
    photo_token BYTEA,
    photo_number INT,
    file_name VARCHAR,
    content_type VARCHAR,
    byte_size INT,
    created_at TIMESTAMPTZ,
    source VARCHAR,
    expires_at TIMESTAMPTZ,
    event_number INT
)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, app, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    v_ticket_id BIGINT;
    v_expires TIMESTAMPTZ;
BEGIN
    v_ticket_id := app.find_ticket_by_code(p_folio, p_access_code, p_client_key);
    IF v_ticket_id IS NULL THEN
        RETURN;
    END IF;
    DELETE FROM app.photo_link AS pl WHERE pl.expires_at < now();
    v_expires := now() + make_interval(mins => app.setting_value('photo_link_minutes'));

    RETURN QUERY
    WITH public_event AS (
        SELECT
            e.event_id,
            e.event_type,
            (row_number() OVER (ORDER BY e.occurred_at, e.event_id))::INT AS event_number
        FROM app.ticket_event AS e
        WHERE e.ticket_id = v_ticket_id AND e.is_public
    ),
    photo AS (
        SELECT
            a.attachment_id,
            row_number() OVER (ORDER BY a.attachment_id)::INT AS photo_number,
            a.file_name,
            a.content_type,
            a.byte_size,
            a.created_at,
            CASE
                WHEN a.event_id IS NULL THEN 'solicitud' WHEN pe.event_type = 'respuesta' THEN 'respuesta'
                ELSE 'mensaje'
            END::VARCHAR AS source,
            pe.event_number,
            decode(replace(gen_random_uuid()::TEXT, '-', ''), 'hex')
            || decode(replace(gen_random_uuid()::TEXT, '-', ''), 'hex') AS token
        FROM app.attachment AS a
        LEFT JOIN public_event AS pe ON a.event_id = pe.event_id
        WHERE a.ticket_id = v_ticket_id
    ),

    issued AS (
        INSERT INTO app.photo_link (token_hash, attachment_id, expires_at)
        SELECT sha256(p.token), p.attachment_id, v_expires
        FROM photo AS p
    )

    SELECT
        p.token, p.photo_number, p.file_name, p.content_type, p.byte_size, p.created_at, p.source, v_expires,
        p.event_number
    FROM photo AS p
    ORDER BY p.photo_number;
END;
$$;
