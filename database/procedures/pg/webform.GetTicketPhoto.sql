-- webform.get_ticket_photo: the bytes of one photo for a token issued by
-- webform.list_ticket_photos, while the link is valid (expires_at); 0 rows for an unknown or
-- expired token. A token may be used several times (thumbnail, full size) until it expires.
-- Tokens are 256-bit random values, so misses are not rate limited.
CREATE OR REPLACE FUNCTION webform.get_ticket_photo(p_photo_token BYTEA)
RETURNS TABLE (file_name VARCHAR, content_type VARCHAR, byte_size INT, content BYTEA)
LANGUAGE plpgsql
STABLE
SECURITY DEFINER
SET search_path = pg_catalog, app, pg_temp
AS $$
BEGIN
    IF p_photo_token IS NULL OR octet_length(p_photo_token) <> 32 THEN
        RETURN;
    END IF;
    RETURN QUERY
    SELECT a.file_name, a.content_type, a.byte_size, a.content
    FROM app.photo_link AS pl
    INNER JOIN app.attachment AS a ON pl.attachment_id = a.attachment_id
    WHERE pl.token_hash = sha256(p_photo_token) AND pl.expires_at > now();
END;
$$;
