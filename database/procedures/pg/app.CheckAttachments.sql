-- app.check_attachments: every rule of a request's images, in ONE place (app.validate_ticket for
-- a new ticket's photos, webform.add_requester_reply and staff.add_comment for a reply's).
-- Slot N is in use when any of its name, type or content is given. One row per problem, in slot
-- order: slot 0 with 1121 when more than p_max_count slots are in use, then each slot's first
-- broken rule: 1125 missing/empty content, 1123 type not PNG/JPEG/WebP, 1122 larger than
-- p_max_bytes, 1124 magic bytes that do not match the type. No row: every image is acceptable.
-- The slots come as the callers' own parameters (no composite type: its T-SQL twin would be a
-- table type in app, where the logins are denied EXECUTE). It replaces app.check_attachment.
DROP FUNCTION IF EXISTS app.check_attachment(VARCHAR, VARCHAR, BYTEA, INT);
CREATE OR REPLACE FUNCTION app.check_attachments(
    p_attachment1_name VARCHAR,
    p_attachment1_type VARCHAR,
    p_attachment1_content BYTEA,
    p_attachment2_name VARCHAR,
    p_attachment2_type VARCHAR,
    p_attachment2_content BYTEA,
    p_attachment3_name VARCHAR,
    p_attachment3_type VARCHAR,
    p_attachment3_content BYTEA,
    p_max_count INT,
    p_max_bytes INT
)
RETURNS TABLE (slot INT, error_id INT)
LANGUAGE sql
IMMUTABLE
AS $$
    WITH used AS (
        SELECT a.slot, lower(btrim(a.content_type)) AS kind, a.content
        FROM (
            VALUES
            (1, p_attachment1_name, p_attachment1_type, p_attachment1_content),
            (2, p_attachment2_name, p_attachment2_type, p_attachment2_content),
            (3, p_attachment3_name, p_attachment3_type, p_attachment3_content)
        ) AS a (slot, file_name, content_type, content)
        WHERE a.file_name IS NOT NULL OR a.content_type IS NOT NULL OR a.content IS NOT NULL
    )

    SELECT p.slot, p.error_id
    FROM (
        SELECT 0 AS slot, 1121 AS error_id
        WHERE (SELECT count(*) FROM used) > p_max_count
        UNION ALL
        SELECT
            u.slot,
            CASE
                WHEN u.content IS NULL OR octet_length(u.content) = 0 THEN 1125
                WHEN u.kind IS NULL OR u.kind NOT IN ('image/png', 'image/jpeg', 'image/webp') THEN 1123
                WHEN octet_length(u.content) > p_max_bytes THEN 1122
                WHEN u.kind = 'image/png'
                    AND substr(u.content, 1, 8) <> '\x89504e470d0a1a0a'::BYTEA THEN 1124
                WHEN u.kind = 'image/jpeg'
                    AND substr(u.content, 1, 3) <> '\xffd8ff'::BYTEA THEN 1124
                WHEN u.kind = 'image/webp'
                    AND (substr(u.content, 1, 4) <> '\x52494646'::BYTEA
                        OR substr(u.content, 9, 4) <> '\x57454250'::BYTEA) THEN 1124
            END
        FROM used AS u
    ) AS p
    WHERE p.error_id IS NOT NULL
    ORDER BY p.slot;
$$;
