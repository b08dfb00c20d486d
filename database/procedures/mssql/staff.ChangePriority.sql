-- staff.ChangePriority: set an open ticket's priority (internal event).
-- requires: app.LockTicketForChange
IF OBJECT_ID(N'staff.ChangePriority', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE staff.ChangePriority AS RETURN 0;');
GO

ALTER PROCEDURE staff.ChangePriority
    @Token VARBINARY(64),
    @TicketId BIGINT,
    @RowVersion INT,
    @PriorityId INT
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @StaffId INT;
    DECLARE @OldPriorityId SMALLINT;
    DECLARE @EventId BIGINT;
    DECLARE @Now DATETIME2(3) = SYSUTCDATETIME();

    EXEC app.RequireSession @Token = @Token, @RequiredRole = N'operador', @StaffId = @StaffId OUTPUT;
    IF @TicketId IS NULL OR @RowVersion IS NULL OR @PriorityId IS NULL
        EXEC app.RaiseError @ErrorId = 1001;

    BEGIN TRY
        BEGIN TRANSACTION;
        EXEC app.LockTicketForChange @TicketId = @TicketId, @RowVersion = @RowVersion, @RequireOpen = 1;
        SELECT @OldPriorityId = t.PriorityId
        FROM app.Ticket AS t
        WHERE t.TicketId = @TicketId;
        IF NOT EXISTS (SELECT 1 FROM app.Priority AS p WHERE p.PriorityId = @PriorityId AND p.IsActive = 1)
            EXEC app.RaiseError @ErrorId = 3005;
        IF @OldPriorityId = @PriorityId
            EXEC app.RaiseError @ErrorId = 3007;

        UPDATE app.Ticket
        SET
            PriorityId = @PriorityId,
            RowVersion = RowVersion + 1,
            UpdatedAt = @Now
        WHERE TicketId = @TicketId;

        INSERT INTO app.TicketEvent (
            TicketId, OccurredAt, EventType, IsPublic, ActorStaffId, OldPriorityId, NewPriorityId
        )
        VALUES (@TicketId, @Now, N'prioridad', 0, @StaffId, @OldPriorityId, @PriorityId);
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
