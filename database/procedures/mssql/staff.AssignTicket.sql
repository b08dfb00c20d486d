-- staff.AssignTicket: assign a ticket to a staff member (or unassign with NULL).
-- A 'nuevo' ticket becomes 'asignado' in the same change. Optimistic concurrency:
-- @RowVersion must be the ticket's current one (3002 otherwise); one event per change.
-- requires: app.LockTicketForChange
IF OBJECT_ID(N'staff.AssignTicket', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE staff.AssignTicket AS RETURN 0;');
GO

ALTER PROCEDURE staff.AssignTicket
    @Token VARBINARY(64),
    @TicketId BIGINT,
    @RowVersion INT,
    @AssignedTo INT
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @StaffId INT;
    DECLARE @OldStatusId SMALLINT;
    DECLARE @NewStatusId SMALLINT;
    DECLARE @OldAssignedTo INT;
    DECLARE @EventId BIGINT;
    DECLARE @Now DATETIME2(3) = SYSUTCDATETIME();

    EXEC app.RequireSession @Token = @Token, @RequiredRole = N'operador', @StaffId = @StaffId OUTPUT;
    IF @TicketId IS NULL OR @RowVersion IS NULL
        EXEC app.RaiseError @ErrorId = 1001;

    BEGIN TRY
        BEGIN TRANSACTION;
        EXEC app.LockTicketForChange @TicketId = @TicketId, @RowVersion = @RowVersion, @RequireOpen = 1;
        SELECT
            @OldStatusId = t.StatusId,
            @OldAssignedTo = t.AssignedTo
        FROM app.Ticket AS t
        WHERE t.TicketId = @TicketId;
        IF
            @AssignedTo IS NOT NULL AND NOT EXISTS (
                SELECT 1 FROM app.StaffUser AS su WHERE su.StaffId = @AssignedTo AND su.IsActive = 1
            )
            EXEC app.RaiseError @ErrorId = 3004;
        IF (@OldAssignedTo IS NULL AND @AssignedTo IS NULL) OR @OldAssignedTo = @AssignedTo
            EXEC app.RaiseError @ErrorId = 3007;

        SET @NewStatusId = @OldStatusId;
        IF
            @AssignedTo IS NOT NULL
            AND @OldStatusId = (SELECT s.StatusId FROM app.Status AS s WHERE s.Code = N'nuevo')
            SET @NewStatusId = (SELECT s.StatusId FROM app.Status AS s WHERE s.Code = N'asignado');

        UPDATE app.Ticket
        SET
            AssignedTo = @AssignedTo,
            StatusId = @NewStatusId,
            RowVersion = RowVersion + 1,
            UpdatedAt = @Now
        WHERE TicketId = @TicketId;

        INSERT INTO app.TicketEvent (
            TicketId, OccurredAt, EventType, IsPublic, ActorStaffId, OldStatusId, NewStatusId, AssignedTo
        )
        VALUES (
            @TicketId, @Now, N'asignado', 0, @StaffId,
            CASE WHEN @NewStatusId <> @OldStatusId THEN @OldStatusId END,
            CASE WHEN @NewStatusId <> @OldStatusId THEN @NewStatusId END,
            @AssignedTo
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
