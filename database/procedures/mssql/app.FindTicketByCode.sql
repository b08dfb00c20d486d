-- app.FindTicketByCode: the ticket id for a folio + access code, or NULL.
-- Folio normalized (case, spaces); the code is compared by its SHA-256. The right code
-- always passes, whatever the misses before it (issue 20, finding 6: a few wrong codes from
-- one address used to lock the owner out of lookup, reply, confirm and rate for an hour).
-- Every miss is recorded with its client and its folio (app.StatusLookupLog). Limits on
-- misses (issue 12; docs/readme/web.md has the arithmetic of why guessing stays infeasible):
--   * per folio, from any address: once a folio has status_lookup_folio_failures_per_hour
--     misses in the last hour, a wrong code for it raises 1162; the lookups of one folio
--     are serialized (application lock) so this count is exact;
--   * per client (address): once it has status_lookup_failures_per_hour misses in the last
--     hour, a folio that does not exist raises 1170 (people behind one campus NAT share an
--     address, so a real folio's right code still passes and its wrong one is a miss of
--     that folio).
-- requires: app.SettingValue
-- requires: app.Utf8Bytes
-- requires: app.LockResource
IF OBJECT_ID(N'app.FindTicketByCode', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE app.FindTicketByCode AS RETURN 0;');
GO

ALTER PROCEDURE app.FindTicketByCode
    @Folio NVARCHAR(100),
    @AccessCode NVARCHAR(100),
    @ClientKey NVARCHAR(200),
    @TicketId BIGINT OUTPUT
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @Now DATETIME2(3) = SYSUTCDATETIME();
    DECLARE @Client VARBINARY(32);
    DECLARE @FolioKey NVARCHAR(100) = UPPER(REPLACE(COALESCE(@Folio, N''), N' ', N''));
    DECLARE @Failures INT;
    DECLARE @ClientLimit INT;
    DECLARE @FolioLimit INT;
    DECLARE @CodeOk BIT = 0;
    DECLARE @LockResource NVARCHAR(255);
    DECLARE @LockResult INT;
    DECLARE @Code NVARCHAR(100) = UPPER(REPLACE(REPLACE(COALESCE(@AccessCode, N''), N' ', N''), N'-', N''));
    DECLARE @Key NVARCHAR(200) = LTRIM(RTRIM(@ClientKey));
    DECLARE @Bytes VARBINARY(MAX);
    DECLARE @CodeHash VARBINARY(32);
    SET @TicketId = NULL;

    IF NULLIF(LTRIM(RTRIM(@ClientKey)), N'') IS NULL
        EXEC app.RaiseError @ErrorId = 1150;
    EXEC app.Utf8Bytes @Text = @Key, @Bytes = @Bytes OUTPUT;
    SET @Client = HASHBYTES('SHA2_256', @Bytes);
    EXEC app.Utf8Bytes @Text = @Code, @Bytes = @Bytes OUTPUT;
    SET @CodeHash = HASHBYTES('SHA2_256', @Bytes);
    EXEC app.SettingValue @SettingKey = N'status_lookup_failures_per_hour', @SettingValue = @ClientLimit OUTPUT;
    EXEC app.SettingValue @SettingKey = N'status_lookup_folio_failures_per_hour', @SettingValue = @FolioLimit OUTPUT;

    BEGIN TRY
        BEGIN TRANSACTION;

        -- The right code always passes: misses on a folio (anyone's, from anywhere) never lock
        -- its owner out (issue 20, finding 6). Lookups of one folio are serialized so the miss
        -- count below is exact.
        SET @LockResource = N'itl-status-folio:' + LEFT(@FolioKey, 20);
        EXEC app.LockResource @Name = @LockResource, @Resource = @LockResource OUTPUT;
        -- bounded wait (issue 20, finding 4): 5 s, as the client logins' lock_timeout in pg
        EXEC @LockResult = sp_getapplock
            @Resource = @LockResource, @LockMode = N'Exclusive', @LockOwner = N'Transaction', @LockTimeout = 5000;
        IF @LockResult < 0
            EXEC app.RaiseError @ErrorId = 9070;

        SELECT
            @TicketId = t.TicketId,
            @CodeOk = CASE WHEN t.AccessCodeHash = @CodeHash THEN 1 ELSE 0 END
        FROM app.Ticket AS t
        WHERE t.Folio = @FolioKey;

        IF @CodeOk = 0
            BEGIN
                -- A miss. Per folio, from any address (count only up to the limit): over it, a
                -- wrong code is refused (1162) and not counted.
                SET @Failures = (
                    SELECT COUNT(*)
                    FROM (
                        SELECT TOP (@FolioLimit) sl.LogId
                        FROM app.StatusLookupLog AS sl
                        WHERE sl.Folio = LEFT(@FolioKey, 20) AND sl.AttemptedAt > DATEADD(HOUR, -1, @Now)
                    ) AS recent
                );
                IF @Failures >= @FolioLimit
                    EXEC app.RaiseError @ErrorId = 1162;
                -- Per client: over its limit, a folio that does not exist is refused.
                IF @TicketId IS NULL
                    BEGIN
                        SET @Failures = (
                            SELECT COUNT(*)
                            FROM (
                                SELECT TOP (@ClientLimit) sl.LogId
                                FROM app.StatusLookupLog AS sl
                                WHERE sl.ClientKey = @Client AND sl.AttemptedAt > DATEADD(HOUR, -1, @Now)
                            ) AS recent
                        );
                        IF @Failures >= @ClientLimit
                            EXEC app.RaiseError @ErrorId = 1170;
                    END;
                INSERT INTO app.StatusLookupLog (ClientKey, AttemptedAt, Folio)
                VALUES (@Client, @Now, LEFT(@FolioKey, 20));
                SET @TicketId = NULL;
            END;

        COMMIT TRANSACTION;
    END TRY
    BEGIN CATCH
        IF XACT_STATE() <> 0 ROLLBACK TRANSACTION;
        THROW;
    END CATCH;
END;
GO
