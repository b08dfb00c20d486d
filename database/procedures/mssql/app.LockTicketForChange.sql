-- app.LockTicketForChange: the shared start of every staff change to a ticket.
-- Locks the ticket's row until the caller's transaction ends (UPDLOCK, HOLDLOCK) and checks
-- it: 3001 when it does not exist, 3002 when @RowVersion is not the current one (someone
-- changed it since the caller read it), 3008 when @RequireOpen = 1 and its status is closed.
-- Internal: called by the staff.* change procedures inside their own transaction (the
-- caller begins, commits and rolls back; an error here goes to the caller's CATCH).
IF OBJECT_ID(N'app.LockTicketForChange', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE app.LockTicketForChange AS RETURN 0;');
GO

ALTER PROCEDURE app.LockTicketForChange
    @TicketId BIGINT,
    @RowVersion INT,
    @RequireOpen BIT
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @CurrentVersion INT;
    DECLARE @IsOpen BIT;

    SELECT
        @CurrentVersion = t.RowVersion,
        @IsOpen = s.IsOpen
    FROM app.Ticket AS t WITH (UPDLOCK, HOLDLOCK)
    INNER JOIN app.Status AS s ON t.StatusId = s.StatusId
    WHERE t.TicketId = @TicketId;

    IF @CurrentVersion IS NULL
        EXEC app.RaiseError @ErrorId = 3001;
    IF @CurrentVersion <> @RowVersion
        EXEC app.RaiseError @ErrorId = 3002;
    IF @RequireOpen = 1 AND @IsOpen = 0
        EXEC app.RaiseError @ErrorId = 3008;
END;
GO
