-- staff.ReopenCancelledTicket: an administrator takes back a cancellation (a wrong click):
-- the ticket goes from 'cancelado' to 'asignado' when it still has an active assignee, else to
-- 'nuevo', along an AdminOnly row of app.StatusTransition (3003 if that row is missing), with a
-- required reason of 5-1000 characters (3101) written as the public comment of the status
-- event and in the administration audit (reabrir_ticket). 2002 for operators, 3102 when the
-- ticket is not cancelled, 3002 when @RowVersion is stale. Clears ResolvedAt and ClosedAt.
-- The lock and version check: app.LockTicketForChange; the move and its event:
-- app.MoveTicketStatus (with the administrator as the actor).
-- requires: app.LockTicketForChange
-- requires: app.MoveTicketStatus
IF OBJECT_ID(N'staff.ReopenCancelledTicket', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE staff.ReopenCancelledTicket AS RETURN 0;');
GO

ALTER PROCEDURE staff.ReopenCancelledTicket
    @Token VARBINARY(64),
    @TicketId BIGINT,
    @RowVersion INT,
    @Reason NVARCHAR(MAX)
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @AdminId INT;
    DECLARE @Text NVARCHAR(MAX) = LTRIM(RTRIM(COALESCE(@Reason, N'')));
    DECLARE @OldStatusId SMALLINT;
    DECLARE @AssignedTo INT;
    DECLARE @Folio NVARCHAR(20);
    DECLARE @Code NVARCHAR(20);
    DECLARE @Target SMALLINT;
    DECLARE @EventId BIGINT;
    DECLARE @Now DATETIME2(3) = SYSUTCDATETIME();

    EXEC app.RequireSession @Token = @Token, @RequiredRole = N'administrador', @StaffId = @AdminId OUTPUT;
    IF @TicketId IS NULL OR @RowVersion IS NULL
        EXEC app.RaiseError @ErrorId = 1001;
    IF LEN(@Text) NOT BETWEEN 5 AND 1000
        EXEC app.RaiseError @ErrorId = 3101;

    BEGIN TRY
        BEGIN TRANSACTION;
        EXEC app.LockTicketForChange @TicketId = @TicketId, @RowVersion = @RowVersion, @RequireOpen = 0;
        SELECT
            @OldStatusId = t.StatusId,
            @AssignedTo = t.AssignedTo,
            @Folio = t.Folio,
            @Code = s.Code
        FROM app.Ticket AS t
        INNER JOIN app.Status AS s ON t.StatusId = s.StatusId
        WHERE t.TicketId = @TicketId;
        IF @Code <> N'cancelado'
            EXEC app.RaiseError @ErrorId = 3102;
        SELECT @Target = st.ToStatusId
        FROM app.StatusTransition AS st
        INNER JOIN app.Status AS s ON st.ToStatusId = s.StatusId
        WHERE
            st.FromStatusId = @OldStatusId AND st.AdminOnly = 1 AND st.Actor = N'personal'
            AND s.Code = CASE
                WHEN
                    EXISTS (
                        SELECT 1 FROM app.StaffUser AS su WHERE su.StaffId = @AssignedTo AND su.IsActive = 1
                    )
                    THEN N'asignado'
                ELSE N'nuevo'
            END;
        IF @Target IS NULL
            EXEC app.RaiseError @ErrorId = 3003;

        -- cancelado is closed and the target open: the move clears ResolvedAt and ClosedAt
        EXEC app.MoveTicketStatus
            @TicketId = @TicketId,
            @OldStatusId = @OldStatusId,
            @NewStatusId = @Target,
            @EventType = N'estado',
            @Body = @Text,
            @IdempotencyKey = NULL,
            @Now = @Now,
            @ActorStaffId = @AdminId,
            @EventId = @EventId OUTPUT;
        EXEC app.WriteAdminAudit
            @StaffId = @AdminId, @Action = N'reabrir_ticket', @Target = @Folio, @Details = @Text;
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
