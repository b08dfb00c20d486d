-- staff.ListAttachments: the images of a ticket (without their content): event_id is the
-- message they came with (NULL: sent with the request itself).
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
        a.CreatedAt AS created_at,
        a.EventId AS event_id
    FROM app.Attachment AS a
    WHERE a.TicketId = @TicketId
    ORDER BY a.AttachmentId;
END;
GO
