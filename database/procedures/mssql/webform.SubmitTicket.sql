-- webform.SubmitTicket: create a ticket from the web form; returns its folio and access code.
-- Order: request keys; replay (same idempotency key -> same folio and code, is_replay 1, no
-- validation, not counted; the same key with another name or description raises 1126);
-- validation (raises the FIRST problem of app.ValidateTicket); rate
-- limits per client per hour and global per minute (app.CheckSubmitRate, first thing inside the
-- transaction: its application lock per client is held until commit, so the client limit is
-- exact); insert ticket ('nuevo', default priority), its public 'creado' event, attachments and
-- the log row.
-- Two concurrent calls with one key: the key is re-read under UPDLOCK, HOLDLOCK inside the
-- transaction, and a unique-key violation (2601/2627) or a rate limit (1160/1161) is still
-- caught and answered as the replay when the other call committed the key (a replay is never
-- refused by the limits).
-- @StopAtNotice (the web form, before the requester chose about a known failure): when a
-- known-outage notice applies (app.MatchIncidentNotice; campus and category given), nothing
-- is validated or written and the one row has folio NULL and notice_incident_id set, so the
-- form shows the notice first without a separate call (webform.FindIncidentNotice).
-- requires: app.ValidateTicket
-- requires: app.TicketAccessCode
-- requires: app.SanitizeFileName
-- requires: app.FormatFolio
-- requires: app.CheckSubmitRate
-- requires: app.Utf8Bytes
-- requires: app.MatchIncidentNotice
IF OBJECT_ID(N'webform.SubmitTicket', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE webform.SubmitTicket AS RETURN 0;');
GO

ALTER PROCEDURE webform.SubmitTicket
    @IdempotencyKey UNIQUEIDENTIFIER,
    @ClientKey NVARCHAR(200),
    @RequesterName NVARCHAR(4000),
    @RequesterTypeId INT,
    @DepartmentId INT,
    @ContactEmail NVARCHAR(4000),
    @ContactPhone NVARCHAR(4000),
    @ControlNumber NVARCHAR(4000),
    @CampusId INT,
    @LocationId INT,
    @LocationDetail NVARCHAR(4000),
    @EquipmentId INT,
    @EquipmentTag NVARCHAR(4000),
    @EquipmentBrand NVARCHAR(4000),
    @EquipmentSerial NVARCHAR(4000),
    @EquipmentCondition NVARCHAR(4000),
    @CategoryId INT,
    @Description NVARCHAR(MAX),
    @Attachment1Name NVARCHAR(4000) = NULL,
    @Attachment1Type NVARCHAR(200) = NULL,
    @Attachment1Content VARBINARY(MAX) = NULL,
    @Attachment2Name NVARCHAR(4000) = NULL,
    @Attachment2Type NVARCHAR(200) = NULL,
    @Attachment2Content VARBINARY(MAX) = NULL,
    @Attachment3Name NVARCHAR(4000) = NULL,
    @Attachment3Type NVARCHAR(200) = NULL,
    @Attachment3Content VARBINARY(MAX) = NULL,
    @StopAtNotice BIT = 0
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @Now DATETIME2(3) = SYSUTCDATETIME();
    DECLARE @Folio NVARCHAR(20);
    DECLARE @CreatedAt DATETIME2(3);
    DECLARE @Code NVARCHAR(10);
    DECLARE @CodeBytes VARBINARY(MAX);
    DECLARE @IsReplay BIT = 0;
    DECLARE @Same BIT;
    DECLARE @ErrorId INT;
    DECLARE @Client VARBINARY(32);
    DECLARE @TicketId BIGINT;
    DECLARE @StatusId SMALLINT;
    DECLARE @PriorityId SMALLINT;
    DECLARE @Tag NVARCHAR(40);
    DECLARE @Slot INT;
    DECLARE @AttName NVARCHAR(4000);
    DECLARE @AttType NVARCHAR(200);
    DECLARE @AttContent VARBINARY(MAX);
    DECLARE @SafeName NVARCHAR(200);
    DECLARE @Notice INT;
    DECLARE @Problem TABLE (FieldName NVARCHAR(40) NOT NULL, ErrorId INT NOT NULL, Ordinal INT NOT NULL);

    IF @IdempotencyKey IS NULL OR NULLIF(LTRIM(RTRIM(@ClientKey)), N'') IS NULL
        EXEC app.RaiseError @ErrorId = 1150;

    SELECT
        @Folio = t.Folio,
        @CreatedAt = t.CreatedAt,
        @Same = CASE
            WHEN
                t.RequesterName = LTRIM(RTRIM(@RequesterName)) COLLATE Latin1_General_BIN2
                AND t.Description = LTRIM(RTRIM(@Description)) COLLATE Latin1_General_BIN2
                THEN 1
            ELSE 0
        END
    FROM app.Ticket AS t
    WHERE t.IdempotencyKey = @IdempotencyKey;
    IF @Folio IS NOT NULL
        BEGIN
            -- the same key with another name or description is not a retry but a changed form
            -- sent again (Back, edit, send): say so instead of answering with the first ticket
            IF @Same = 0
                EXEC app.RaiseError @ErrorId = 1126;
            EXEC app.TicketAccessCode @IdempotencyKey = @IdempotencyKey, @AccessCode = @Code OUTPUT;
            SELECT
                @Folio AS folio,
                @Code AS access_code,
                @CreatedAt AS created_at,
                CAST(1 AS BIT) AS is_replay,
                CAST(NULL AS INT) AS notice_incident_id;
            RETURN;
        END;

    IF @StopAtNotice = 1 AND @CampusId IS NOT NULL AND @CategoryId IS NOT NULL
        BEGIN
            EXEC app.MatchIncidentNotice
                @CampusId = @CampusId,
                @LocationId = @LocationId,
                @CategoryId = @CategoryId,
                @IncidentId = @Notice OUTPUT;
            IF @Notice IS NOT NULL
                BEGIN
                    SELECT
                        CAST(NULL AS NVARCHAR(20)) AS folio,
                        CAST(NULL AS NVARCHAR(10)) AS access_code,
                        CAST(NULL AS DATETIME2(3)) AS created_at,
                        CAST(0 AS BIT) AS is_replay,
                        @Notice AS notice_incident_id;
                    RETURN;
                END;
        END;

    INSERT INTO @Problem (FieldName, ErrorId, Ordinal)
    EXEC app.ValidateTicket
        @RequesterName = @RequesterName,
        @RequesterTypeId = @RequesterTypeId,
        @DepartmentId = @DepartmentId,
        @ContactEmail = @ContactEmail,
        @ContactPhone = @ContactPhone,
        @ControlNumber = @ControlNumber,
        @CampusId = @CampusId,
        @LocationId = @LocationId,
        @LocationDetail = @LocationDetail,
        @EquipmentId = @EquipmentId,
        @EquipmentTag = @EquipmentTag,
        @EquipmentBrand = @EquipmentBrand,
        @EquipmentSerial = @EquipmentSerial,
        @EquipmentCondition = @EquipmentCondition,
        @CategoryId = @CategoryId,
        @Description = @Description,
        @Attachment1Name = @Attachment1Name,
        @Attachment1Type = @Attachment1Type,
        @Attachment1Content = @Attachment1Content,
        @Attachment2Name = @Attachment2Name,
        @Attachment2Type = @Attachment2Type,
        @Attachment2Content = @Attachment2Content,
        @Attachment3Name = @Attachment3Name,
        @Attachment3Type = @Attachment3Type,
        @Attachment3Content = @Attachment3Content;
    SELECT TOP (1) @ErrorId = p.ErrorId FROM @Problem AS p ORDER BY p.Ordinal;
    IF @ErrorId IS NOT NULL
        EXEC app.RaiseError @ErrorId = @ErrorId;

    SET @StatusId = (SELECT s.StatusId FROM app.Status AS s WHERE s.Code = N'nuevo');
    SET @PriorityId = (
        SELECT TOP (1) p.PriorityId
        FROM app.Priority AS p
        WHERE p.IsDefault = 1 AND p.IsActive = 1
        ORDER BY p.Rank
    );
    EXEC app.TicketAccessCode @IdempotencyKey = @IdempotencyKey, @AccessCode = @Code OUTPUT;
    EXEC app.Utf8Bytes @Text = @Code, @Bytes = @CodeBytes OUTPUT;  -- hashed as UTF-8, as in pg
    SET @Tag = NULLIF(LTRIM(RTRIM(@EquipmentTag)), N'');
    IF @Tag IS NULL AND @EquipmentId IS NOT NULL
        SET @Tag = (SELECT e.InventoryTag FROM app.Equipment AS e WHERE e.EquipmentId = @EquipmentId);

    BEGIN TRY
        BEGIN TRANSACTION;
        -- Rate limits, and one write at a time per client: app.CheckSubmitRate takes an
        -- application lock on the client key (released at commit or rollback), so its count and
        -- the insert below are serialized. Taken before the key-range lock of the replay read, in
        -- every call (one lock order).
        EXEC app.CheckSubmitRate @ClientKey = @ClientKey, @Client = @Client OUTPUT;

        SELECT
            @Folio = t.Folio,
            @CreatedAt = t.CreatedAt,
            @IsReplay = 1
        FROM app.Ticket AS t WITH (UPDLOCK, HOLDLOCK)
        WHERE t.IdempotencyKey = @IdempotencyKey;

        IF @IsReplay = 0
            BEGIN
                -- the folio number is taken here, after the limits and the replay read: a refused
                -- or repeated submission takes none (a number once taken is never given back)
                SET @TicketId = NEXT VALUE FOR app.TicketSeq;
                SELECT @Folio = f.folio FROM app.FormatFolio(@TicketId, @Now) AS f;
                SET @CreatedAt = @Now;
                INSERT INTO app.Ticket (
                    TicketId, Folio, AccessCodeHash, IdempotencyKey, CreatedAt, UpdatedAt,
                    RequesterName, RequesterTypeId, DepartmentId, ContactEmail, ContactPhone,
                    ControlNumber, CampusId, LocationId, LocationDetail, EquipmentId, EquipmentTag,
                    EquipmentBrand, EquipmentSerial, EquipmentCondition, CategoryId, Description,
                    StatusId, PriorityId
                )
                VALUES (
                    @TicketId, @Folio, HASHBYTES('SHA2_256', @CodeBytes), @IdempotencyKey, @Now, @Now,
                    LTRIM(RTRIM(@RequesterName)), @RequesterTypeId, @DepartmentId,
                    LOWER(NULLIF(LTRIM(RTRIM(@ContactEmail)), N'')), NULLIF(LTRIM(RTRIM(@ContactPhone)), N''),
                    UPPER(NULLIF(LTRIM(RTRIM(@ControlNumber)), N'')), @CampusId, @LocationId,
                    NULLIF(LTRIM(RTRIM(@LocationDetail)), N''), @EquipmentId, @Tag,
                    NULLIF(LTRIM(RTRIM(@EquipmentBrand)), N''), NULLIF(LTRIM(RTRIM(@EquipmentSerial)), N''),
                    NULLIF(LTRIM(RTRIM(@EquipmentCondition)), N''), @CategoryId, LTRIM(RTRIM(@Description)),
                    @StatusId, @PriorityId
                );

                INSERT INTO app.TicketEvent (TicketId, OccurredAt, EventType, IsPublic, NewStatusId, NewPriorityId)
                VALUES (@TicketId, @Now, N'creado', 1, @StatusId, @PriorityId);

                SET @Slot = 1;
                WHILE @Slot <= 3
                    BEGIN
                        SELECT
                            @AttName = a.FileName,
                            @AttType = LOWER(LTRIM(RTRIM(a.ContentType))),
                            @AttContent = a.Content
                        FROM (
                            VALUES
                            (1, @Attachment1Name, @Attachment1Type, @Attachment1Content),
                            (2, @Attachment2Name, @Attachment2Type, @Attachment2Content),
                            (3, @Attachment3Name, @Attachment3Type, @Attachment3Content)
                        ) AS a(Slot, FileName, ContentType, Content)
                        WHERE a.Slot = @Slot;
                        IF @AttContent IS NOT NULL
                            BEGIN
                                EXEC app.SanitizeFileName
                                    @FileName = @AttName,
                                    @Slot = @Slot,
                                    @ContentType = @AttType,
                                    @SafeName = @SafeName OUTPUT;
                                INSERT INTO app.Attachment (TicketId, FileName, ContentType, ByteSize, Content)
                                VALUES (@TicketId, @SafeName, @AttType, DATALENGTH(@AttContent), @AttContent);
                            END;
                        SET @Slot = @Slot + 1;
                    END;

                INSERT INTO app.SubmissionLog (ClientKey, SubmittedAt) VALUES (@Client, @Now);
            END;
        COMMIT TRANSACTION;
    END TRY
    BEGIN CATCH
        IF XACT_STATE() <> 0
            ROLLBACK TRANSACTION;
        IF ERROR_NUMBER() NOT IN (2601, 2627, 51160, 51161)
            THROW;
        -- A concurrent call with the same key committed first: answer as its replay.
        SET @Folio = NULL;
        SELECT
            @Folio = t.Folio,
            @CreatedAt = t.CreatedAt
        FROM app.Ticket AS t
        WHERE t.IdempotencyKey = @IdempotencyKey;
        IF @Folio IS NULL
            THROW;
        SET @IsReplay = 1;
    END CATCH;

    SELECT
        @Folio AS folio,
        @Code AS access_code,
        @CreatedAt AS created_at,
        @IsReplay AS is_replay,
        CAST(NULL AS INT) AS notice_incident_id;
END;
GO
