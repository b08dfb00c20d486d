-- app.check_attachment: the rules of ONE uploaded image (used by app.validate_ticket for the
-- ticket's photos and by webform.add_requester_reply for a reply's photos). Returns the
-- registry error id of the first broken rule, or NULL: 1125 missing/empty content, 1123 type
-- not PNG/JPEG/WebP, 1122 larger than p_max_bytes, 1124 magic bytes do not match the type.
CREATE OR REPLACE FUNCTION app.check_attachment(
    p_name VARCHAR,
    p_type VARCHAR,
    p_content BYTEA,
    p_max_bytes INT
)
RETURNS INT
LANGUAGE plpgsql
IMMUTABLE
SET search_path = pg_catalog, app, pg_temp
AS $$
DECLARE
    v_type VARCHAR := lower(btrim(p_type));
BEGIN
    RETURN CASE
        WHEN p_content IS NULL OR octet_length(p_content) = 0 THEN 1125
        WHEN v_type IS NULL OR v_type NOT IN ('image/png', 'image/jpeg', 'image/webp') THEN 1123
        WHEN octet_length(p_content) > p_max_bytes THEN 1122
        WHEN v_type = 'image/png'
            AND substr(p_content, 1, 8) <> '\x89504e470d0a1a0a'::BYTEA THEN 1124
        WHEN v_type = 'image/jpeg'
            AND substr(p_content, 1, 3) <> '\xffd8ff'::BYTEA THEN 1124
        WHEN v_type = 'image/webp'
            AND (substr(p_content, 1, 4) <> '\x52494646'::BYTEA
                OR substr(p_content, 9, 4) <> '\x57454250'::BYTEA) THEN 1124
    END;
END;
$$;
