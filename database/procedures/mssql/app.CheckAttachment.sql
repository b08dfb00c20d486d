-- app.CheckAttachment: the rules of ONE uploaded image (used by app.ValidateTicket for the
-- ticket's photos and by webform.AddRequesterReply for a reply's photos). @ErrorId is the
-- registry id of the first broken rule, or NULL: 1125 missing/empty content, 1123 type not
-- PNG/JPEG/WebP, 1122 larger than @MaxBytes, 1124 magic bytes do not match the type.
IF OBJECT_ID(N'app.CheckAttachment', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE app.CheckAttachment AS RETURN 0;');
GO

ALTER PROCEDURE app.CheckAttachment
    @Name NVARCHAR(4000),
    @Type NVARCHAR(200),
    @Content VARBINARY(MAX),
    @MaxBytes INT,
    @ErrorId INT OUTPUT
AS
BEGIN
    SET NOCOUNT ON;
    DECLARE @Kind NVARCHAR(200) = LOWER(LTRIM(RTRIM(@Type)));
    SET @ErrorId = CASE
        WHEN @Content IS NULL OR DATALENGTH(@Content) = 0 THEN 1125
        WHEN @Kind IS NULL OR @Kind NOT IN (N'image/png', N'image/jpeg', N'image/webp') THEN 1123
        WHEN DATALENGTH(@Content) > @MaxBytes THEN 1122
        WHEN @Kind = N'image/png' AND SUBSTRING(@Content, 1, 8) <> 0x89504E470D0A1A0A THEN 1124
        WHEN @Kind = N'image/jpeg' AND SUBSTRING(@Content, 1, 3) <> 0xFFD8FF THEN 1124
        WHEN
            @Kind = N'image/webp'
            AND (SUBSTRING(@Content, 1, 4) <> 0x52494646 OR SUBSTRING(@Content, 9, 4) <> 0x57454250)
            THEN 1124
    END;
END;
GO
