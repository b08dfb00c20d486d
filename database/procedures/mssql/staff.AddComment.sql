-- staff.AddComment: an internal note (@IsPublic 0, event 'nota') or a public reply
-- shown on the status page (event 'respuesta', counts as the first response).
-- requires: app.LockTicketForChange
IF OBJECT_ID(N'staff.AddComment', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE staff.AddComment AS RETURN 0;');
GO

ALTER PROCEDURE staff.AddComment
    @Token VARBINARY(64),
    @TicketId BIGINT,
    @RowVersion INT,
    @Body NVARCHAR(MAX),
    @IsPublic BIT
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @StaffId INT;
    DECLARE @Public BIT = COALESCE(@IsPublic, 0);
    DECLARE @Text NVARCHAR(4000);
    DECLARE @EventId BIGINT;
    DECLARE @Now DATETIME2(3) = SYSUTCDATETIME();

    EXEC app.RequireSession @Token = @Token, @RequiredRole = N'operador', @StaffId = @StaffId OUTPUT;
    IF @TicketId IS NULL OR @RowVersion IS NULL
        EXEC app.RaiseError @ErrorId = 1001;
    IF NULLIF(LTRIM(RTRIM(COALESCE(@Body, N''))), N'') IS NULL OR LEN(@Body) > 4000
        EXEC app.RaiseError @ErrorId = 3006;
    SET @Text = LTRIM(RTRIM(@Body));

    BEGIN TRY
        BEGIN TRANSACTION;
        EXEC app.LockTicketForChange @TicketId = @TicketId, @RowVersion = @RowVersion, @RequireOpen = 0;

        UPDATE app.Ticket
        SET
            FirstResponseAt = CASE WHEN @Public = 1 THEN COALESCE(FirstResponseAt, @Now) ELSE FirstResponseAt END,
            RowVersion = RowVersion + 1,
            UpdatedAt = @Now
        WHERE TicketId = @TicketId;

        INSERT INTO app.TicketEvent (TicketId, OccurredAt, EventType, IsPublic, ActorStaffId, Body)
        VALUES (
            @TicketId, @Now, CASE WHEN @Public = 1 THEN N'respuesta' ELSE N'nota' END, @Public, @StaffId, @Text
        );
        SET @EventId = SCOPE_IDENTITY();
        COMMIT TRANSACTION;
    END TRY
    BEGIN CATCH
        IF XACT_STATE() <> 0 ROLLBACK TRANSACTION;
        THROW;
    END CATCH;

    SELECT
        t.TicketId AS ticket_id,
        t.RowVersion AS row_version,
        CAST(t.StatusId AS INT) AS status_id,
        CAST(t.PriorityId AS INT) AS priority_id,
        t.AssignedTo AS assigned_to,
        t.UpdatedAt AS updated_at,
        @EventId AS event_id
    FROM app.Ticket AS t
    WHERE t.TicketId = @TicketId;
END;
GO
