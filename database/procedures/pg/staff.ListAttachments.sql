-- staff.list_attachments: the images of a ticket (without their content): event_id is the
-- message they came with (NULL: sent with the request itself).
DROP FUNCTION IF EXISTS staff.list_attachments(BYTEA, BIGINT);
CREATE OR REPLACE FUNCTION staff.list_attachments(p_token BYTEA, p_ticket_id BIGINT)
RETURNS TABLE (
    attachment_id BIGINT,
    file_name VARCHAR,
    content_type VARCHAR,
    byte_size INT,
    created_at TIMESTAMPTZ,
    event_id BIGINT
)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, app, pg_temp
AS $$
#variable_conflict use_column
BEGIN
    PERFORM app.require_session(p_token, 'operador');
    IF NOT EXISTS (SELECT 1 FROM app.ticket AS t WHERE t.ticket_id = p_ticket_id) THEN
        PERFORM app.raise_error(3001);
    END IF;
    RETURN QUERY
    SELECT a.attachment_id, a.file_name::VARCHAR, a.content_type::VARCHAR, a.byte_size, a.created_at, a.event_id
    FROM app.attachment AS a
    WHERE a.ticket_id = p_ticket_id
    ORDER BY a.attachment_id;
END;
$$;
