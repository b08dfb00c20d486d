-- staff.GetAttachment: one image with its content (the desktop app shows it as a texture).
IF OBJECT_ID(N'staff.GetAttachment', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE staff.GetAttachment AS RETURN 0;');
GO

ALTER PROCEDURE staff.GetAttachment
    @Token VARBINARY(64),
    @AttachmentId BIGINT
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @StaffId INT;
    EXEC app.RequireSession @Token = @Token, @RequiredRole = N'operador', @StaffId = @StaffId OUTPUT;

    IF NOT EXISTS (SELECT 1 FROM app.Attachment AS a WHERE a.AttachmentId = @AttachmentId)
        EXEC app.RaiseError @ErrorId = 3010;

    SELECT
        a.AttachmentId AS attachment_id,
        a.TicketId AS ticket_id,
        a.FileName AS file_name,
        a.ContentType AS content_type,
        a.ByteSize AS byte_size,
        a.Content AS content
    FROM app.Attachment AS a
    WHERE a.AttachmentId = @AttachmentId;
END;
GO
