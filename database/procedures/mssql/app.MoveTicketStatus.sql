-- app.MoveTicketStatus: the shared end of a requester's action on a ticket the caller locked
-- (app.LockRequesterTicket): the ticket goes from @OldStatusId to @NewStatusId (the same id:
-- no move) with one public @EventType event holding @Body and @IdempotencyKey; the event has
-- old/new status only when the status changes. A @Body (a requester's message) stamps
-- RequesterRepliedAt. Timestamps as staff.ChangeStatus: to 'cerrado' sets ClosedAt; from a
-- closed status to an open one clears ResolvedAt and ClosedAt; every time is @Now (the
-- caller's). @EventId: the new event. @ActorStaffId (NULL for a requester): a staff member's
-- move (staff.ReopenCancelledTicket), the event's actor; then @Body is the staff member's text
-- and does not stamp RequesterRepliedAt. Internal: called inside the caller's transaction.
IF OBJECT_ID(N'app.MoveTicketStatus', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE app.MoveTicketStatus AS RETURN 0;');
GO

ALTER PROCEDURE app.MoveTicketStatus
    @TicketId BIGINT,
    @OldStatusId SMALLINT,
    @NewStatusId SMALLINT,
    @EventType NVARCHAR(20),
    @Body NVARCHAR(MAX),
    @IdempotencyKey UNIQUEIDENTIFIER,
    @Now DATETIME2(3),
    @ActorStaffId INT = NULL,
    @EventId BIGINT OUTPUT
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @Moved BIT = CASE WHEN @NewStatusId <> @OldStatusId THEN 1 ELSE 0 END;
    DECLARE @NewCode NVARCHAR(20);
    DECLARE @Reopen BIT = 0;
    SELECT @NewCode = s.Code FROM app.Status AS s WHERE s.StatusId = @NewStatusId;
    IF
        @Moved = 1
        AND EXISTS (SELECT 1 FROM app.Status AS s WHERE s.StatusId = @OldStatusId AND s.IsOpen = 0)
        AND EXISTS (SELECT 1 FROM app.Status AS s WHERE s.StatusId = @NewStatusId AND s.IsOpen = 1)
        SET @Reopen = 1;

    UPDATE app.Ticket
    SET
        StatusId = @NewStatusId,
        ResolvedAt = CASE WHEN @Reopen = 1 THEN NULL ELSE ResolvedAt END,
        ClosedAt = CASE
            WHEN @Reopen = 1 THEN NULL
            WHEN @Moved = 1 AND @NewCode = N'cerrado' THEN @Now
            ELSE ClosedAt
        END,
        RequesterRepliedAt = CASE
            WHEN @Body IS NOT NULL AND @ActorStaffId IS NULL THEN @Now ELSE RequesterRepliedAt
        END,
        RowVersion = RowVersion + 1,
        UpdatedAt = @Now
    WHERE TicketId = @TicketId;

    INSERT INTO app.TicketEvent (
        TicketId, OccurredAt, EventType, IsPublic, ActorStaffId, OldStatusId, NewStatusId, Body, IdempotencyKey
    )
    VALUES (
        @TicketId, @Now, @EventType, 1, @ActorStaffId,
        CASE WHEN @Moved = 1 THEN @OldStatusId END,
        CASE WHEN @Moved = 1 THEN @NewStatusId END,
        @Body, @IdempotencyKey
    );
    SET @EventId = SCOPE_IDENTITY();
END;
GO
