-- staff.ChangeStatus: move a ticket along an allowed transition (app.StatusTransition).
-- Sets FirstResponseAt on the first staff status change, ResolvedAt when entering
-- 'resuelto' (cleared on reopening), ClosedAt when entering 'cerrado' or 'cancelado'.
-- Transitions marked AdminOnly (reopening a cancelled ticket) are refused here (3003): they go
-- through staff.ReopenCancelledTicket. @Body is an optional public comment. Status changes
-- are public (status page).
-- requires: app.LockTicketForChange
IF OBJECT_ID(N'staff.ChangeStatus', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE staff.ChangeStatus AS RETURN 0;');
GO

ALTER PROCEDURE staff.ChangeStatus
    @Token VARBINARY(64),
    @TicketId BIGINT,
    @RowVersion INT,
    @StatusId INT,
    @Body NVARCHAR(MAX)
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @StaffId INT;
    DECLARE @OldStatusId SMALLINT;
    DECLARE @Code NVARCHAR(20);
    DECLARE @IsOpen BIT;
    DECLARE @Text NVARCHAR(4000);
    DECLARE @EventId BIGINT;
    DECLARE @Now DATETIME2(3) = SYSUTCDATETIME();

    EXEC app.RequireSession @Token = @Token, @RequiredRole = N'operador', @StaffId = @StaffId OUTPUT;
    IF @TicketId IS NULL OR @RowVersion IS NULL OR @StatusId IS NULL
        EXEC app.RaiseError @ErrorId = 1001;
    IF LEN(@Body) > 4000
        EXEC app.RaiseError @ErrorId = 3006;
    SET @Text = NULLIF(LTRIM(RTRIM(@Body)), N'');

    BEGIN TRY
        BEGIN TRANSACTION;
        EXEC app.LockTicketForChange @TicketId = @TicketId, @RowVersion = @RowVersion, @RequireOpen = 0;
        SELECT @OldStatusId = t.StatusId
        FROM app.Ticket AS t
        WHERE t.TicketId = @TicketId;
        IF
            NOT EXISTS (
                SELECT 1 FROM app.StatusTransition AS st
                WHERE st.FromStatusId = @OldStatusId AND st.ToStatusId = @StatusId AND st.AdminOnly = 0
                    AND st.Actor = N'personal'
            )
            EXEC app.RaiseError @ErrorId = 3003;
        SELECT
            @Code = s.Code,
            @IsOpen = s.IsOpen
        FROM app.Status AS s WHERE s.StatusId = @StatusId;

        UPDATE app.Ticket
        SET
            StatusId = @StatusId,
            FirstResponseAt = COALESCE(FirstResponseAt, @Now),
            ResolvedAt = CASE
                WHEN @Code = N'resuelto' THEN @Now
                WHEN @IsOpen = 1 THEN NULL
                ELSE ResolvedAt
            END,
            ClosedAt = CASE
                WHEN @Code IN (N'cerrado', N'cancelado') THEN @Now
                WHEN @IsOpen = 1 THEN NULL
                ELSE ClosedAt
            END,
            RowVersion = RowVersion + 1,
            UpdatedAt = @Now
        WHERE TicketId = @TicketId;

        INSERT INTO app.TicketEvent (
            TicketId, OccurredAt, EventType, IsPublic, ActorStaffId, OldStatusId, NewStatusId, Body
        )
        VALUES (@TicketId, @Now, N'estado', 1, @StaffId, @OldStatusId, @StatusId, @Text);
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
