-- staff.ReplyIncident: one public reply written once on an open incident (3200, 3207; body
-- 3006) that lands, in one transaction, as a 'respuesta' event on every linked ticket
-- (timeline and status page; counts as each one's first response) and in app.IncidentReply
-- (shown on the status page of tickets that join later).
-- requires: app.LockOpenIncident
IF OBJECT_ID(N'staff.ReplyIncident', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE staff.ReplyIncident AS RETURN 0;');
GO

ALTER PROCEDURE staff.ReplyIncident
    @Token VARBINARY(64),
    @IncidentId INT,
    @Body NVARCHAR(MAX)
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @StaffId INT;
    DECLARE @Text NVARCHAR(4000);
    DECLARE @ReplyId INT;
    DECLARE @Count INT;
    DECLARE @Now DATETIME2(3) = SYSUTCDATETIME();

    EXEC app.RequireSession @Token = @Token, @RequiredRole = N'operador', @StaffId = @StaffId OUTPUT;
    IF @IncidentId IS NULL
        EXEC app.RaiseError @ErrorId = 1001;
    IF NULLIF(LTRIM(RTRIM(COALESCE(@Body, N''))), N'') IS NULL OR LEN(@Body) > 4000
        EXEC app.RaiseError @ErrorId = 3006;
    SET @Text = LTRIM(RTRIM(@Body));

    BEGIN TRY
        BEGIN TRANSACTION;
        EXEC app.LockOpenIncident @IncidentId = @IncidentId;  -- the incident lock; 3200, 3207

        INSERT INTO app.IncidentReply (IncidentId, Body, StaffId, CreatedAt)
        VALUES (@IncidentId, @Text, @StaffId, @Now);
        SET @ReplyId = CAST(SCOPE_IDENTITY() AS INT);
        SET @Count = (SELECT COUNT(*) FROM app.IncidentTicket AS it WHERE it.IncidentId = @IncidentId);

        UPDATE t
        SET
            t.FirstResponseAt = COALESCE(t.FirstResponseAt, @Now),
            t.RowVersion = t.RowVersion + 1,
            t.UpdatedAt = @Now
        FROM app.Ticket AS t
        INNER JOIN app.IncidentTicket AS it ON t.TicketId = it.TicketId
        WHERE it.IncidentId = @IncidentId;

        INSERT INTO app.TicketEvent (TicketId, OccurredAt, EventType, IsPublic, ActorStaffId, Body)
        SELECT it.TicketId, @Now, N'respuesta', 1, @StaffId, @Text
        FROM app.IncidentTicket AS it
        WHERE it.IncidentId = @IncidentId;
        COMMIT TRANSACTION;
    END TRY
    BEGIN CATCH
        IF XACT_STATE() <> 0 ROLLBACK TRANSACTION;
        THROW;
    END CATCH;

    SELECT
        @ReplyId AS reply_id,
        @Count AS ticket_count;
END;
GO
