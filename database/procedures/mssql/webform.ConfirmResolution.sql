-- webform.ConfirmResolution: the requester confirms the solution, by folio + access code:
-- 'resuelto' -> 'cerrado' (ClosedAt = now) with a public 'confirmado' event. Already
-- 'cerrado': nothing changes, is_replay 1 (a double click). Any other status: 1206.
-- A miss gives 0 rows (counted by app.FindTicketByCode).
-- requires: app.FindTicketByCode
-- requires: app.LockRequesterTicket
-- requires: app.MoveTicketStatus
IF OBJECT_ID(N'webform.ConfirmResolution', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE webform.ConfirmResolution AS RETURN 0;');
GO

ALTER PROCEDURE webform.ConfirmResolution
    @Folio NVARCHAR(100),
    @AccessCode NVARCHAR(100),
    @ClientKey NVARCHAR(200)
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @Now DATETIME2(3) = SYSUTCDATETIME();
    DECLARE @TicketId BIGINT;
    DECLARE @StatusId SMALLINT;
    DECLARE @Code NVARCHAR(20);
    DECLARE @Closed SMALLINT;
    DECLARE @Occurred DATETIME2(3);
    DECLARE @IsReplay BIT = 0;
    DECLARE @EventId BIGINT;
    EXEC app.FindTicketByCode
        @Folio = @Folio, @AccessCode = @AccessCode, @ClientKey = @ClientKey, @TicketId = @TicketId OUTPUT;
    IF @TicketId IS NULL
        RETURN;  -- a miss: no rows; the miss stays recorded

    BEGIN TRY
        BEGIN TRANSACTION;
        EXEC app.LockRequesterTicket
            @TicketId = @TicketId, @IdempotencyKey = NULL, @ReplayAt = @Occurred OUTPUT;
        SELECT
            @StatusId = t.StatusId,
            @Code = s.Code,
            @Occurred = t.UpdatedAt
        FROM app.Ticket AS t
        INNER JOIN app.Status AS s ON t.StatusId = s.StatusId
        WHERE t.TicketId = @TicketId;
        IF @Code = N'cerrado'
            SET @IsReplay = 1;
        ELSE
            BEGIN
                IF @Code <> N'resuelto'
                    EXEC app.RaiseError @ErrorId = 1206;
                SET @Closed = (SELECT s.StatusId FROM app.Status AS s WHERE s.Code = N'cerrado');
                EXEC app.MoveTicketStatus
                    @TicketId = @TicketId,
                    @OldStatusId = @StatusId,
                    @NewStatusId = @Closed,
                    @EventType = N'confirmado',
                    @Body = NULL,
                    @IdempotencyKey = NULL,
                    @Now = @Now,
                    @EventId = @EventId OUTPUT;
                SET @Occurred = @Now;
            END;
        COMMIT TRANSACTION;
    END TRY
    BEGIN CATCH
        IF XACT_STATE() <> 0 ROLLBACK TRANSACTION;
        THROW;
    END CATCH;

    SELECT
        t.Folio AS folio,
        s.Code AS status_code,
        s.Name AS status_name,
        @Occurred AS occurred_at,
        @IsReplay AS is_replay
    FROM app.Ticket AS t
    INNER JOIN app.Status AS s ON t.StatusId = s.StatusId
    WHERE t.TicketId = @TicketId;
END;
GO
