-- webform.ConfirmResolution: the requester confirms the solution, by folio + access code:
-- along the app.StatusTransition row of actor 'solicitante_confirma' from the ticket's status
-- ('resuelto' -> 'cerrado', ClosedAt = now) with a public 'confirmado' event. Already where such
-- a move ends ('cerrado'): nothing changes, is_replay 1 (a double click). Else 1206.
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
            @Occurred = t.UpdatedAt
        FROM app.Ticket AS t
        WHERE t.TicketId = @TicketId;
        SET @Closed = (
            SELECT st.ToStatusId
            FROM app.StatusTransition AS st
            WHERE st.FromStatusId = @StatusId AND st.Actor = N'solicitante_confirma'
        );
        IF @Closed IS NULL
            AND EXISTS (
                SELECT 1 FROM app.StatusTransition AS st
                WHERE st.ToStatusId = @StatusId AND st.Actor = N'solicitante_confirma'
            )
            SET @IsReplay = 1;
        ELSE
            BEGIN
                IF @Closed IS NULL
                    EXEC app.RaiseError @ErrorId = 1206;
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
