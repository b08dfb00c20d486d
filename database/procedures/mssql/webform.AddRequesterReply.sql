-- webform.AddRequesterReply: a message (and up to attachment_max_count photos) from the
-- requester, by folio + access code. Order: request keys (1150); the lookup (0 rows for a
-- miss, counted by app.FindTicketByCode); the ticket row is locked (UPDLOCK, HOLDLOCK);
-- replay (the same idempotency key on this ticket -> the first answer, is_replay 1, nothing
-- checked or counted; the key of another ticket -> 1150); body (app.CheckReplyBody:
-- 1119, 1202); status must be open (1203); photos (1121, app.CheckAttachment per slot, at
-- most attachment_max_per_ticket in the ticket: 1204); rate limits shared with new tickets
-- (app.CheckSubmitRate: 1160, 1161). Then one public 'solicitante' event; if the ticket was
-- in a status with app.StatusTransition rows of actor 'solicitante_responde' ('en_espera'), it
-- moves along one of them: back to the status it was put on hold from when there is such a row to
-- it, else to the row's target latest in the status order ('en_proceso'); same transaction and event.
-- The row lock and the replay: app.LockRequesterTicket; the move and its event: app.MoveTicketStatus.
-- requires: app.FindTicketByCode
-- requires: app.LockRequesterTicket
-- requires: app.CheckReplyBody
-- requires: app.MoveTicketStatus
-- requires: app.CheckAttachments
-- requires: app.CheckSubmitRate
-- requires: app.SanitizeFileName
IF OBJECT_ID(N'webform.AddRequesterReply', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE webform.AddRequesterReply AS RETURN 0;');
GO

ALTER PROCEDURE webform.AddRequesterReply
    @Folio NVARCHAR(100),
    @AccessCode NVARCHAR(100),
    @Body NVARCHAR(MAX),
    @ClientKey NVARCHAR(200),
    @IdempotencyKey UNIQUEIDENTIFIER,
    @Attachment1Name NVARCHAR(4000) = NULL,
    @Attachment1Type NVARCHAR(200) = NULL,
    @Attachment1Content VARBINARY(MAX) = NULL,
    @Attachment2Name NVARCHAR(4000) = NULL,
    @Attachment2Type NVARCHAR(200) = NULL,
    @Attachment2Content VARBINARY(MAX) = NULL,
    @Attachment3Name NVARCHAR(4000) = NULL,
    @Attachment3Type NVARCHAR(200) = NULL,
    @Attachment3Content VARBINARY(MAX) = NULL
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
    DECLARE @IsOpen BIT;
    DECLARE @NewStatus SMALLINT;
    DECLARE @HeldFrom SMALLINT;
    DECLARE @MaxCount INT;
    DECLARE @MaxBytes INT;
    DECLARE @MaxTotal INT;
    DECLARE @Used INT;
    DECLARE @Slot INT;
    DECLARE @AttName NVARCHAR(4000);
    DECLARE @AttType NVARCHAR(200);
    DECLARE @AttContent VARBINARY(MAX);
    DECLARE @SafeName NVARCHAR(200);
    DECLARE @Err INT;
    DECLARE @Client VARBINARY(32);
    DECLARE @EventId BIGINT;
    DECLARE @Attachment TABLE (
        Slot INT NOT NULL PRIMARY KEY,
        FileName NVARCHAR(4000) NULL,
        ContentType NVARCHAR(200) NULL,
        Content VARBINARY(MAX) NULL
    );

    IF @IdempotencyKey IS NULL OR NULLIF(LTRIM(RTRIM(@ClientKey)), N'') IS NULL
        EXEC app.RaiseError @ErrorId = 1150;
    EXEC app.FindTicketByCode
        @Folio = @Folio, @AccessCode = @AccessCode, @ClientKey = @ClientKey, @TicketId = @TicketId OUTPUT;
    IF @TicketId IS NULL
        RETURN;  -- a miss: no rows; the miss stays recorded

    INSERT INTO @Attachment (Slot, FileName, ContentType, Content)
    SELECT
        a.Slot,
        a.FileName,
        LOWER(LTRIM(RTRIM(a.ContentType))),
        a.Content
    FROM (
        VALUES
        (1, @Attachment1Name, @Attachment1Type, @Attachment1Content),
        (2, @Attachment2Name, @Attachment2Type, @Attachment2Content),
        (3, @Attachment3Name, @Attachment3Type, @Attachment3Content)
    ) AS a(Slot, FileName, ContentType, Content)
    WHERE a.FileName IS NOT NULL OR a.ContentType IS NOT NULL OR a.Content IS NOT NULL;
    SET @Used = (SELECT COUNT(*) FROM @Attachment);

    BEGIN TRY
        BEGIN TRANSACTION;
        EXEC app.LockRequesterTicket
            @TicketId = @TicketId, @IdempotencyKey = @IdempotencyKey, @ReplayAt = @Occurred OUTPUT;
        SELECT
            @StatusId = t.StatusId,
            @IsOpen = s.IsOpen
        FROM app.Ticket AS t
        INNER JOIN app.Status AS s ON t.StatusId = s.StatusId
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
                IF @IsOpen = 0
                    EXEC app.RaiseError @ErrorId = 1203;

                EXEC app.SettingValue @SettingKey = N'attachment_max_count', @SettingValue = @MaxCount OUTPUT;
                EXEC app.SettingValue @SettingKey = N'attachment_max_bytes', @SettingValue = @MaxBytes OUTPUT;
                EXEC app.SettingValue @SettingKey = N'attachment_max_per_ticket', @SettingValue = @MaxTotal OUTPUT;
                SELECT TOP (1) @Err = c.error_id  -- the first problem
                FROM app.CheckAttachments(
                    @Attachment1Name, @Attachment1Type, @Attachment1Content, @Attachment2Name, @Attachment2Type,
                    @Attachment2Content, @Attachment3Name, @Attachment3Type, @Attachment3Content, @MaxCount, @MaxBytes
                ) AS c
                ORDER BY c.slot;
                IF @Err IS NOT NULL
                    EXEC app.RaiseError @ErrorId = @Err;
                IF
                    @Used > 0
                    AND (SELECT COUNT(*) FROM app.Attachment AS a WHERE a.TicketId = @TicketId) + @Used > @MaxTotal
                    EXEC app.RaiseError @ErrorId = 1204;

                EXEC app.CheckSubmitRate @ClientKey = @ClientKey, @Client = @Client OUTPUT;

                SET @NewStatus = @StatusId;
                IF EXISTS (
                    SELECT 1 FROM app.StatusTransition AS st
                    WHERE st.FromStatusId = @StatusId AND st.Actor = N'solicitante_responde'
                )
                    BEGIN
                        SET @HeldFrom = (
                            SELECT TOP (1) e.OldStatusId
                            FROM app.TicketEvent AS e
                            WHERE e.TicketId = @TicketId AND e.NewStatusId = @StatusId AND e.OldStatusId <> @StatusId
                            ORDER BY e.EventId DESC
                        );
                        SET @NewStatus = (
                            SELECT TOP (1) st.ToStatusId
                            FROM app.StatusTransition AS st
                            INNER JOIN app.Status AS s ON st.ToStatusId = s.StatusId
                            WHERE st.FromStatusId = @StatusId AND st.Actor = N'solicitante_responde'
                            ORDER BY CASE WHEN st.ToStatusId = @HeldFrom THEN 0 ELSE 1 END, s.SortOrder DESC
                        );
                    END;

                EXEC app.MoveTicketStatus
                    @TicketId = @TicketId,
                    @OldStatusId = @StatusId,
                    @NewStatusId = @NewStatus,
                    @EventType = N'solicitante',
                    @Body = @Text,
                    @IdempotencyKey = @IdempotencyKey,
                    @Now = @Now,
                    @EventId = @EventId OUTPUT;
                SET @Occurred = @Now;

                SET @Slot = 1;
                WHILE @Slot <= 3
                    BEGIN
                        SET @AttContent = NULL;
                        SELECT
                            @AttName = a.FileName,
                            @AttType = a.ContentType,
                            @AttContent = a.Content
                        FROM @Attachment AS a
                        WHERE a.Slot = @Slot;
                        IF @AttContent IS NOT NULL
                            BEGIN
                                EXEC app.SanitizeFileName
                                    @FileName = @AttName,
                                    @Slot = @Slot,
                                    @ContentType = @AttType,
                                    @SafeName = @SafeName OUTPUT;
                                INSERT INTO app.Attachment (TicketId, FileName, ContentType, ByteSize, Content, EventId)
                                VALUES (@TicketId, @SafeName, @AttType, DATALENGTH(@AttContent), @AttContent, @EventId);
                            END;
                        SET @Slot = @Slot + 1;
                    END;

                INSERT INTO app.SubmissionLog (ClientKey, SubmittedAt) VALUES (@Client, @Now);
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
