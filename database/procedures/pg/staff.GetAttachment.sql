-- staff.get_attachment: one image with its content (the desktop app shows it as a texture).
CREATE OR REPLACE FUNCTION staff.get_attachment(p_token BYTEA, p_attachment_id BIGINT)
RETURNS TABLE (
    attachment_id BIGINT,
    ticket_id BIGINT,
    file_name VARCHAR,
    content_type VARCHAR,
    byte_size INT,
    content BYTEA
)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, app, pg_temp
AS $$
#variable_conflict use_column
BEGIN
    PERFORM app.require_session(p_token, 'operador');
    RETURN QUERY
    SELECT a.attachment_id, a.ticket_id, a.file_name::VARCHAR, a.content_type::VARCHAR, a.byte_size, a.content
    FROM app.attachment AS a
    WHERE a.attachment_id = p_attachment_id;
    IF NOT FOUND THEN
        PERFORM app.raise_error(3010);
    END IF;
END;
$$;
