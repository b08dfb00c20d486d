-- staff.ListAttachments: the images sent with a ticket (without their content).
IF OBJECT_ID(N'staff.ListAttachments', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE staff.ListAttachments AS RETURN 0;');
GO

ALTER PROCEDURE staff.ListAttachments
    @Token VARBINARY(64),
    @TicketId BIGINT
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @StaffId INT;
    EXEC app.RequireSession @Token = @Token, @RequiredRole = N'operador', @StaffId = @StaffId OUTPUT;

    IF NOT EXISTS (SELECT 1 FROM app.Ticket AS t WHERE t.TicketId = @TicketId)
        EXEC app.RaiseError @ErrorId = 3001;

    SELECT
        a.AttachmentId AS attachment_id,
        a.FileName AS file_name,
        a.ContentType AS content_type,
        a.ByteSize AS byte_size,
        a.CreatedAt AS created_at
    FROM app.Attachment AS a
    WHERE a.TicketId = @TicketId
    ORDER BY a.AttachmentId;
END;
GO
