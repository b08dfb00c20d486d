-- webform.ReopenTicket: the requester says a resolved ticket is not solved, by folio + access
-- code: 'resuelto' -> 'en_proceso' (ResolvedAt and ClosedAt cleared, as staff.ChangeStatus
-- does when reopening) with a public 'reabierto' event holding the required message.
-- Only while now <= ResolvedAt + reopen_window_days (1208); other statuses 1207; message
-- as a reply's (1119, 1202). Idempotency key as in AddRequesterReply (replay before the
-- checks; another ticket's key 1150). A miss gives 0 rows (counted by app.FindTicketByCode).
-- requires: app.FindTicketByCode
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
    DECLARE
        @CtrlText NVARCHAR(20) = N'%[' + NCHAR(1) + N'-' + NCHAR(8) + NCHAR(11) + NCHAR(12)
        + NCHAR(14) + N'-' + NCHAR(31) + NCHAR(127) + N']%';
    DECLARE @Now DATETIME2(3) = SYSUTCDATETIME();
    DECLARE @Text NVARCHAR(MAX) = NULLIF(LTRIM(RTRIM(@Body)), N'');
    DECLARE @TicketId BIGINT;
    DECLARE @EventTicket BIGINT;
    DECLARE @Occurred DATETIME2(3);
    DECLARE @IsReplay BIT = 0;
    DECLARE @Min INT;
    DECLARE @Max INT;
    DECLARE @StatusId SMALLINT;
    DECLARE @Code NVARCHAR(20);
    DECLARE @ResolvedAt DATETIME2(3);
    DECLARE @Window INT;
    DECLARE @Reopened SMALLINT;

    IF @IdempotencyKey IS NULL OR NULLIF(LTRIM(RTRIM(@ClientKey)), N'') IS NULL
        EXEC app.RaiseError @ErrorId = 1150;
    EXEC app.FindTicketByCode
        @Folio = @Folio, @AccessCode = @AccessCode, @ClientKey = @ClientKey, @TicketId = @TicketId OUTPUT;
    IF @TicketId IS NULL
        RETURN;  -- a miss: no rows; the miss stays recorded

    BEGIN TRY
        BEGIN TRANSACTION;
        SELECT
            @StatusId = t.StatusId,
            @Code = s.Code,
            @ResolvedAt = COALESCE(t.ResolvedAt, t.UpdatedAt)
        FROM app.Ticket AS t WITH (UPDLOCK, HOLDLOCK)
        INNER JOIN app.Status AS s ON t.StatusId = s.StatusId
        WHERE t.TicketId = @TicketId;

        SELECT
            @EventTicket = e.TicketId,
            @Occurred = e.OccurredAt
        FROM app.TicketEvent AS e
        WHERE e.IdempotencyKey = @IdempotencyKey;
        IF @EventTicket IS NOT NULL
            BEGIN
                IF @EventTicket <> @TicketId
                    EXEC app.RaiseError @ErrorId = 1150;
                SET @IsReplay = 1;
            END;

        IF @IsReplay = 0
            BEGIN
                SELECT
                    @Min = MAX(CASE WHEN fr.RuleName = N'min_length' THEN TRY_CAST(fr.RuleValue AS INT) END),
                    @Max = MAX(CASE WHEN fr.RuleName = N'max_length' THEN TRY_CAST(fr.RuleValue AS INT) END)
                FROM app.FieldRule AS fr
                WHERE fr.FieldName = N'reply_body';
                IF PATINDEX(@CtrlText, @Text COLLATE Latin1_General_BIN2) > 0
                    EXEC app.RaiseError @ErrorId = 1119;
                IF @Text IS NULL OR LEN(@Text) NOT BETWEEN @Min AND @Max
                    EXEC app.RaiseError @ErrorId = 1202;
                IF @Code <> N'resuelto'
                    EXEC app.RaiseError @ErrorId = 1207;
                SET @Window = COALESCE((
                    SELECT s.SettingValue FROM app.Setting AS s WHERE s.SettingKey = N'reopen_window_days'
                ), 7);
                IF @Now > DATEADD(DAY, @Window, @ResolvedAt)
                    EXEC app.RaiseError @ErrorId = 1208;

                SET @Reopened = (SELECT s.StatusId FROM app.Status AS s WHERE s.Code = N'en_proceso');
                UPDATE app.Ticket
                SET
                    StatusId = @Reopened,
                    ResolvedAt = NULL,
                    ClosedAt = NULL,
                    RequesterRepliedAt = @Now,
                    RowVersion = RowVersion + 1,
                    UpdatedAt = @Now
                WHERE TicketId = @TicketId;
                INSERT INTO app.TicketEvent (
                    TicketId, OccurredAt, EventType, IsPublic, OldStatusId, NewStatusId, Body, IdempotencyKey
                )
                VALUES (@TicketId, @Now, N'reabierto', 1, @StatusId, @Reopened, @Text, @IdempotencyKey);
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
