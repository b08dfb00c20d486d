-- staff.AddComment: an internal note (@IsPublic 0, event 'nota') or a public reply
-- shown on the status page (event 'respuesta', counts as the first response). A public reply
-- may carry up to attachment_max_count images (a screenshot of the fix, a how-to picture),
-- checked like the requester's (app.CheckAttachments: 1121-1125) and counted against
-- attachment_max_per_ticket (3104); images on an internal note are refused (3103), so a note
-- can never make a picture public. The images belong to the reply's event.
-- requires: app.LockTicketForChange
-- requires: app.CheckAttachments
-- requires: app.SanitizeFileName
IF OBJECT_ID(N'staff.AddComment', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE staff.AddComment AS RETURN 0;');
GO

ALTER PROCEDURE staff.AddComment
    @Token VARBINARY(64),
    @TicketId BIGINT,
    @RowVersion INT,
    @Body NVARCHAR(MAX),
    @IsPublic BIT,
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
    DECLARE @StaffId INT;
    DECLARE @Public BIT = COALESCE(@IsPublic, 0);
    DECLARE @Text NVARCHAR(4000);
    DECLARE @EventId BIGINT;
    DECLARE @Now DATETIME2(3) = SYSUTCDATETIME();
    DECLARE @Used INT;
    DECLARE @MaxCount INT;
    DECLARE @MaxBytes INT;
    DECLARE @MaxTotal INT;
    DECLARE @Slot INT;
    DECLARE @Err INT;
    DECLARE @AttName NVARCHAR(4000);
    DECLARE @AttType NVARCHAR(200);
    DECLARE @AttContent VARBINARY(MAX);
    DECLARE @SafeName NVARCHAR(200);
    DECLARE @Attachment TABLE (
        Slot INT NOT NULL PRIMARY KEY,
        FileName NVARCHAR(4000) NULL,
        ContentType NVARCHAR(200) NULL,
        Content VARBINARY(MAX) NULL
    );

    EXEC app.RequireSession @Token = @Token, @RequiredRole = N'operador', @StaffId = @StaffId OUTPUT;
    IF @TicketId IS NULL OR @RowVersion IS NULL
        EXEC app.RaiseError @ErrorId = 1001;
    IF NULLIF(LTRIM(RTRIM(COALESCE(@Body, N''))), N'') IS NULL OR LEN(@Body) > 4000
        EXEC app.RaiseError @ErrorId = 3006;
    SET @Text = LTRIM(RTRIM(@Body));

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
    IF @Used > 0 AND @Public = 0
        EXEC app.RaiseError @ErrorId = 3103;
    EXEC app.SettingValue @SettingKey = N'attachment_max_count', @SettingValue = @MaxCount OUTPUT;
    EXEC app.SettingValue @SettingKey = N'attachment_max_bytes', @SettingValue = @MaxBytes OUTPUT;
    SELECT TOP (1) @Err = c.error_id  -- the first problem
    FROM app.CheckAttachments(
        @Attachment1Name, @Attachment1Type, @Attachment1Content, @Attachment2Name, @Attachment2Type,
        @Attachment2Content, @Attachment3Name, @Attachment3Type, @Attachment3Content, @MaxCount, @MaxBytes
    ) AS c
    ORDER BY c.slot;
    IF @Err IS NOT NULL
        EXEC app.RaiseError @ErrorId = @Err;

    BEGIN TRY
        BEGIN TRANSACTION;
        EXEC app.LockTicketForChange @TicketId = @TicketId, @RowVersion = @RowVersion, @RequireOpen = 0;
        IF @Used > 0
            BEGIN
                EXEC app.SettingValue @SettingKey = N'attachment_max_per_ticket', @SettingValue = @MaxTotal OUTPUT;
                IF (SELECT COUNT(*) FROM app.Attachment AS a WHERE a.TicketId = @TicketId) + @Used > @MaxTotal
                    EXEC app.RaiseError @ErrorId = 3104;
            END;

        UPDATE app.Ticket
        SET
            FirstResponseAt = CASE WHEN @Public = 1 THEN COALESCE(FirstResponseAt, @Now) ELSE FirstResponseAt END,
            RowVersion = RowVersion + 1,
            UpdatedAt = @Now
        WHERE TicketId = @TicketId;

        INSERT INTO app.TicketEvent (TicketId, OccurredAt, EventType, IsPublic, ActorStaffId, Body)
        VALUES (
            @TicketId, @Now, CASE WHEN @Public = 1 THEN N'respuesta' ELSE N'nota' END, @Public, @StaffId, @Text
        );
        SET @EventId = SCOPE_IDENTITY();

        SET @Slot = 1;
        WHILE @Slot <= 3 AND @Used > 0
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
