-- app.LockRequesterTicket: the shared start of a requester's action on a ticket found by
-- folio + access code (webform.AddRequesterReply, ReopenTicket, ConfirmResolution).
-- Locks the ticket's row until the caller's transaction ends (UPDLOCK, HOLDLOCK). With an
-- @IdempotencyKey already used by an event: of another ticket raises 1150; of this one sets
-- @ReplayAt to that event's time (the caller answers is_replay 1 and changes nothing); else
-- @ReplayAt is NULL. Internal: called inside the caller's transaction (an error here goes to
-- the caller's CATCH).
-- requires: app.RaiseError
IF OBJECT_ID(N'app.LockRequesterTicket', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE app.LockRequesterTicket AS RETURN 0;');
GO

ALTER PROCEDURE app.LockRequesterTicket
    @TicketId BIGINT,
    @IdempotencyKey UNIQUEIDENTIFIER,
    @ReplayAt DATETIME2(3) OUTPUT
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @Locked BIGINT;
    DECLARE @EventTicket BIGINT;
    SET @ReplayAt = NULL;
    SELECT @Locked = t.TicketId
    FROM app.Ticket AS t WITH (UPDLOCK, HOLDLOCK)
    WHERE t.TicketId = @TicketId;

    IF @IdempotencyKey IS NOT NULL
        BEGIN
            SELECT
                @EventTicket = e.TicketId,
                @ReplayAt = e.OccurredAt
            FROM app.TicketEvent AS e
            WHERE e.IdempotencyKey = @IdempotencyKey;
            IF @EventTicket IS NOT NULL AND @EventTicket <> @TicketId
                EXEC app.RaiseError @ErrorId = 1150;
        END;
END;
GO
