-- webform.ReopenTicket: the requester says a resolved ticket is not solved, by folio + access
-- code, along the app.StatusTransition row of actor 'solicitante_reabre' from the ticket's
-- status: 'resuelto' -> 'en_proceso' (ResolvedAt and ClosedAt cleared, as staff.ChangeStatus
-- does when reopening) with a public 'reabierto' event holding the required message.
-- Only while now <= app.ReopenUntil (ResolvedAt + reopen_window_days; 1208); no such row 1207; message
-- as a reply's (1119, 1202). Idempotency key as in AddRequesterReply (replay before the
-- checks; another ticket's key 1150). A miss gives 0 rows (counted by app.FindTicketByCode).
-- requires: app.FindTicketByCode
-- requires: app.LockRequesterTicket
-- requires: app.CheckReplyBody
-- requires: app.MoveTicketStatus
-- requires: app.ReopenUntil
IF OBJECT_ID(N'webform.ReopenTicket', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE webform.ReopenTicket AS RETURN 0;');
GO

ALTER PROCEDURE webform.ReopenTicket
    @Folio NVARCHAR(100),
    @AccessCode NVARCHAR(100),
    @Body NVARCHAR(MAX),
    @ClientKey NVARCHAR(200),
    @IdempotencyKey UNIQUEIDENTIFIER
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @Now DATETIME2(3) = SYSUTCDATETIME();
    DECLARE @Text NVARCHAR(MAX) = NULLIF(LTRIM(RTRIM(@Body)), N'');
    DECLARE @TicketId BIGINT;
    DECLARE @Occurred DATETIME2(3);
    DECLARE @IsReplay BIT = 0;
    DECLARE @StatusId SMALLINT;
    DECLARE @ReopenUntil DATETIME2(3);
    DECLARE @Reopened SMALLINT;
    DECLARE @EventId BIGINT;

    IF @IdempotencyKey IS NULL OR NULLIF(LTRIM(RTRIM(@ClientKey)), N'') IS NULL
        EXEC app.RaiseError @ErrorId = 1150;
    EXEC app.FindTicketByCode
        @Folio = @Folio, @AccessCode = @AccessCode, @ClientKey = @ClientKey, @TicketId = @TicketId OUTPUT;
    IF @TicketId IS NULL
        RETURN;  -- a miss: no rows; the miss stays recorded

    BEGIN TRY
        BEGIN TRANSACTION;
        EXEC app.LockRequesterTicket
            @TicketId = @TicketId, @IdempotencyKey = @IdempotencyKey, @ReplayAt = @Occurred OUTPUT;
        SELECT
            @StatusId = t.StatusId
        FROM app.Ticket AS t
        WHERE t.TicketId = @TicketId;
        IF @Occurred IS NOT NULL
            SET @IsReplay = 1;
        -- the same key with another text: a changed message sent again, not a retry (1127)
        IF
            @IsReplay = 1
            AND EXISTS (
                SELECT 1 FROM app.TicketEvent AS e
                WHERE
                    e.IdempotencyKey = @IdempotencyKey
                    AND (
                        (e.Body IS NULL AND @Text IS NOT NULL)
                        OR (e.Body IS NOT NULL AND @Text IS NULL)
                        OR e.Body <> @Text COLLATE Latin1_General_BIN2
                    )
            )
            EXEC app.RaiseError @ErrorId = 1127;

        IF @IsReplay = 0
            BEGIN
                EXEC app.CheckReplyBody @Text = @Text;
                SET @Reopened = (
                    SELECT st.ToStatusId
                    FROM app.StatusTransition AS st
                    WHERE st.FromStatusId = @StatusId AND st.Actor = N'solicitante_reabre'
                );
                IF @Reopened IS NULL
                    EXEC app.RaiseError @ErrorId = 1207;
                EXEC app.ReopenUntil @TicketId = @TicketId, @Until = @ReopenUntil OUTPUT;
                IF @Now > @ReopenUntil
                    EXEC app.RaiseError @ErrorId = 1208;

                EXEC app.MoveTicketStatus
                    @TicketId = @TicketId,
                    @OldStatusId = @StatusId,
                    @NewStatusId = @Reopened,
                    @EventType = N'reabierto',
                    @Body = @Text,
                    @IdempotencyKey = @IdempotencyKey,
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
