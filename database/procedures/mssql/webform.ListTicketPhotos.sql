-- webform.ListTicketPhotos: the photos of a ticket (sent with it or with the requester's
-- messages), oldest first, by folio + access code; 0 rows for a miss (app.FindTicketByCode
-- counts it). Each row carries a fresh random 32-byte photo_token (CRYPT_GEN_RANDOM): only
-- its SHA-256 is kept in app.PhotoLink, valid for photo_link_minutes;
-- webform.GetTicketPhoto serves the bytes for it. Attachment ids never leave the database.
-- Expired links are deleted here. source: 'solicitud' (sent with the ticket), 'mensaje' (with a
-- requester's message) or 'respuesta' (with a staff public reply); event_number: the
-- webform.ListPublicEvents row of that message (NULL for the ticket's own photos).
-- requires: app.FindTicketByCode
IF OBJECT_ID(N'webform.ListTicketPhotos', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE webform.ListTicketPhotos AS RETURN 0;');
GO

ALTER PROCEDURE webform.ListTicketPhotos
    @Folio NVARCHAR(100),
    @AccessCode NVARCHAR(100),
    @ClientKey NVARCHAR(200)
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @TicketId BIGINT;
    DECLARE @Now DATETIME2(3) = SYSUTCDATETIME();
    DECLARE @Expires DATETIME2(3);
    DECLARE @LinkMinutes INT;
    DECLARE @Photo TABLE (
        AttachmentId BIGINT NOT NULL PRIMARY KEY,
        PhotoNumber INT NOT NULL,
        Token VARBINARY(32) NOT NULL
    );
    EXEC app.FindTicketByCode
        @Folio = @Folio, @AccessCode = @AccessCode, @ClientKey = @ClientKey, @TicketId = @TicketId OUTPUT;
    EXEC app.SettingValue @SettingKey = N'photo_link_minutes', @SettingValue = @LinkMinutes OUTPUT;
    SET @Expires = DATEADD(MINUTE, @LinkMinutes, @Now);

    BEGIN TRY
        BEGIN TRANSACTION;
        DELETE FROM app.PhotoLink WHERE ExpiresAt < @Now;
        -- CRYPT_GEN_RANDOM is evaluated per row (a different token per photo; the primary key
        -- of app.PhotoLink would refuse a repeated one). A miss (@TicketId NULL) issues nothing.
        INSERT INTO @Photo (AttachmentId, PhotoNumber, Token)
        SELECT
            a.AttachmentId,
            ROW_NUMBER() OVER (ORDER BY a.AttachmentId),
            CRYPT_GEN_RANDOM(32)
        FROM app.Attachment AS a
        WHERE a.TicketId = @TicketId;
        INSERT INTO app.PhotoLink (TokenHash, AttachmentId, ExpiresAt)
        SELECT
            HASHBYTES('SHA2_256', p.Token),
            p.AttachmentId,
            @Expires
        FROM @Photo AS p;
        COMMIT TRANSACTION;
    END TRY
    BEGIN CATCH
        IF XACT_STATE() <> 0 ROLLBACK TRANSACTION;
        THROW;
    END CATCH;

    SELECT
        p.Token AS photo_token,
        p.PhotoNumber AS photo_number,
        a.FileName AS file_name,
        a.ContentType AS content_type,
        a.ByteSize AS byte_size,
        a.CreatedAt AS created_at,
        CAST(
            CASE
                WHEN a.EventId IS NULL THEN N'solicitud' WHEN pe.EventType = N'respuesta' THEN N'respuesta'
                ELSE N'mensaje'
            END AS NVARCHAR(20)
        ) AS source,
        @Expires AS expires_at,
        pe.EventNumber AS event_number
    FROM @Photo AS p
    INNER JOIN app.Attachment AS a ON p.AttachmentId = a.AttachmentId
    LEFT JOIN (
        SELECT
            e.EventId,
            e.EventType,
            CAST(ROW_NUMBER() OVER (ORDER BY e.OccurredAt, e.EventId) AS INT) AS EventNumber
        FROM app.TicketEvent AS e
        WHERE e.TicketId = @TicketId AND e.IsPublic = 1
    ) AS pe ON a.EventId = pe.EventId
    ORDER BY p.PhotoNumber;
END;
GO
