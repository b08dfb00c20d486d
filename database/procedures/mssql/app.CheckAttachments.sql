-- app.CheckAttachments: every rule of a request's images, in ONE place (app.ValidateTicket for
-- a new ticket's photos, webform.AddRequesterReply and staff.AddComment for a reply's).
-- Slot N is in use when any of its name, type or content is given. One row per problem
-- (callers order by slot): slot 0 with 1121 when more than @MaxCount slots are in use, then
-- each slot's first broken rule: 1125 missing/empty content, 1123 type not PNG/JPEG/WebP, 1122
-- larger than @MaxBytes, 1124 magic bytes that do not match the type. No row: all acceptable.
-- An inline function: ValidateTicket's rows feed INSERT ... EXEC (which cannot nest) and a
-- function cannot EXEC a procedure. The slots come as the callers' own parameters rather than
-- a table type: declaring a variable of a type needs EXECUTE on it, and the logins are denied
-- EXECUTE on schema app (grants.sql), which no GRANT on the type could override.
-- It replaces the one-image procedure app.CheckAttachment, dropped here.
DROP PROCEDURE IF EXISTS app.CheckAttachment;
GO

IF OBJECT_ID(N'app.CheckAttachments', N'IF') IS NULL
    EXEC (N'CREATE FUNCTION app.CheckAttachments() RETURNS TABLE AS RETURN SELECT 1 AS slot;');
GO

ALTER FUNCTION app.CheckAttachments(
    @Attachment1Name NVARCHAR(4000),
    @Attachment1Type NVARCHAR(200),
    @Attachment1Content VARBINARY(MAX),
    @Attachment2Name NVARCHAR(4000),
    @Attachment2Type NVARCHAR(200),
    @Attachment2Content VARBINARY(MAX),
    @Attachment3Name NVARCHAR(4000),
    @Attachment3Type NVARCHAR(200),
    @Attachment3Content VARBINARY(MAX),
    @MaxCount INT,
    @MaxBytes INT
)
RETURNS TABLE
AS
RETURN
-- each slot in use gives its own row and a slot-0 row for the count (DISTINCT keeps one of those)
SELECT DISTINCT
    x.Slot AS slot,
    x.ErrorId AS error_id
FROM (
    SELECT
        u.Slot,
        COUNT(*) OVER () AS Used,
        CASE
            WHEN u.Content IS NULL OR DATALENGTH(u.Content) = 0 THEN 1125
            WHEN u.Kind IS NULL OR u.Kind NOT IN (N'image/png', N'image/jpeg', N'image/webp') THEN 1123
            WHEN DATALENGTH(u.Content) > @MaxBytes THEN 1122
            WHEN u.Kind = N'image/png' AND SUBSTRING(u.Content, 1, 8) <> 0x89504E470D0A1A0A THEN 1124
            WHEN u.Kind = N'image/jpeg' AND SUBSTRING(u.Content, 1, 3) <> 0xFFD8FF THEN 1124
            WHEN
                u.Kind = N'image/webp'
                AND (SUBSTRING(u.Content, 1, 4) <> 0x52494646 OR SUBSTRING(u.Content, 9, 4) <> 0x57454250)
                THEN 1124
        END AS ErrorId
    FROM (
        SELECT
            a.Slot,
            LOWER(LTRIM(RTRIM(a.ContentType))) AS Kind,
            a.Content
        FROM (
            VALUES
            (1, @Attachment1Name, @Attachment1Type, @Attachment1Content),
            (2, @Attachment2Name, @Attachment2Type, @Attachment2Content),
            (3, @Attachment3Name, @Attachment3Type, @Attachment3Content)
        ) AS a (Slot, FileName, ContentType, Content)
        WHERE a.FileName IS NOT NULL OR a.ContentType IS NOT NULL OR a.Content IS NOT NULL
    ) AS u
) AS r
CROSS APPLY (
    VALUES
    (0, CASE WHEN r.Used > @MaxCount THEN 1121 END),
    (r.Slot, r.ErrorId)
) AS x (Slot, ErrorId)
WHERE x.ErrorId IS NOT NULL;
GO
