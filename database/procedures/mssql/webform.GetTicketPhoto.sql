-- webform.GetTicketPhoto: the bytes of one photo for a token issued by
-- webform.ListTicketPhotos, while the link is valid (ExpiresAt); 0 rows for an unknown or
-- expired token. A token may be used several times (thumbnail, full size) until it expires.
-- Tokens are 256-bit random values, so misses are not rate limited.
IF OBJECT_ID(N'webform.GetTicketPhoto', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE webform.GetTicketPhoto AS RETURN 0;');
GO

ALTER PROCEDURE webform.GetTicketPhoto
    @PhotoToken VARBINARY(64)
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    SELECT
        a.FileName AS file_name,
        a.ContentType AS content_type,
        a.ByteSize AS byte_size,
        a.Content AS content
    FROM app.PhotoLink AS pl
    INNER JOIN app.Attachment AS a ON pl.AttachmentId = a.AttachmentId
    WHERE
        DATALENGTH(@PhotoToken) = 32
        AND pl.TokenHash = HASHBYTES('SHA2_256', @PhotoToken)
        AND pl.ExpiresAt > SYSUTCDATETIME();
END;
GO
