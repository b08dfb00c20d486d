-- app.SanitizeFileName: the name stored for an attachment. Keeps the last path
-- component, at most 100 characters, every character outside [A-Za-z0-9._-] becomes '_';
-- an empty result becomes 'imagen-<slot>.<ext>' from the content type.
IF OBJECT_ID(N'app.SanitizeFileName', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE app.SanitizeFileName AS RETURN 0;');
GO

ALTER PROCEDURE app.SanitizeFileName
    @FileName NVARCHAR(4000),
    @Slot INT,
    @ContentType NVARCHAR(200),
    @SafeName NVARCHAR(200) OUTPUT
AS
BEGIN
    SET NOCOUNT ON;
    DECLARE @Name NVARCHAR(4000) = LTRIM(RTRIM(COALESCE(@FileName, N'')));
    DECLARE @Pos INT = PATINDEX(N'%[/\]%', REVERSE(@Name));
    IF @Pos > 0
        SET @Name = LTRIM(RTRIM(RIGHT(@Name, @Pos - 1)));
    SET @Name = LEFT(@Name, 100);
    SET @Pos = PATINDEX(N'%[^A-Za-z0-9._-]%', @Name COLLATE Latin1_General_BIN2);
    WHILE @Pos > 0
        BEGIN
            SET @Name = STUFF(@Name, @Pos, 1, N'_');
            SET @Pos = PATINDEX(N'%[^A-Za-z0-9._-]%', @Name COLLATE Latin1_General_BIN2);
        END;
    IF @Name = N''
        SET @Name = N'imagen-' + CAST(@Slot AS NVARCHAR(10)) + CASE LOWER(LTRIM(RTRIM(@ContentType)))
            WHEN N'image/png' THEN N'.png'
            WHEN N'image/jpeg' THEN N'.jpg'
            ELSE N'.webp'
        END;
    SET @SafeName = @Name;
END;
GO
