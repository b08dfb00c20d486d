-- app.CheckSubmitRate: THE rate limits of everything a requester writes (webform.SubmitTicket,
-- webform.AddRequesterReply). Raises 1150 without a client key, 1160 when this client reached
-- submit_client_per_hour rows of app.SubmissionLog in the last hour, 1161 when everyone reached
-- submit_global_per_minute in the last minute. @Client = SHA-256 of the client key: the caller
-- inserts the app.SubmissionLog row, in the same transaction, when it accepts the write.
-- One write at a time per client: an exclusive application lock on the client key
-- ('itl-submit-client:' + hex, owner Transaction) is taken before counting and held until the
-- caller's transaction ends, so the count and the caller's insert are serialized and the limit
-- is exact under concurrency. The CALLER MUST BE IN A TRANSACTION (BEGIN TRANSACTION before the
-- EXEC, COMMIT after its SubmissionLog insert): outside one it raises 9060, as when the lock
-- cannot be granted (timeout, deadlock victim).
-- @Client hashes the UTF-8 bytes of the key (app.Utf8Bytes), as the pg twin does.
-- requires: app.SettingValue
-- requires: app.Utf8Bytes
-- requires: app.LockResource
IF OBJECT_ID(N'app.CheckSubmitRate', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE app.CheckSubmitRate AS RETURN 0;');
GO

ALTER PROCEDURE app.CheckSubmitRate
    @ClientKey NVARCHAR(200),
    @Client VARBINARY(32) OUTPUT
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @Now DATETIME2(3) = SYSUTCDATETIME();
    DECLARE @Limit INT;
    DECLARE @Count INT;
    DECLARE @LockResource NVARCHAR(255);
    DECLARE @LockResult INT;
    DECLARE @Key NVARCHAR(200) = LTRIM(RTRIM(@ClientKey));
    DECLARE @KeyBytes VARBINARY(MAX);
    SET @Client = NULL;
    IF NULLIF(LTRIM(RTRIM(@ClientKey)), N'') IS NULL
        EXEC app.RaiseError @ErrorId = 1150;
    IF @@TRANCOUNT = 0
        EXEC app.RaiseError @ErrorId = 9060;
    EXEC app.Utf8Bytes @Text = @Key, @Bytes = @KeyBytes OUTPUT;
    SET @Client = HASHBYTES('SHA2_256', @KeyBytes);
    SET @LockResource = N'itl-submit-client:' + CONVERT(NVARCHAR(64), @Client, 2);
    EXEC app.LockResource @Name = @LockResource, @Resource = @LockResource OUTPUT;
    EXEC @LockResult = sp_getapplock
        @Resource = @LockResource, @LockMode = N'Exclusive', @LockOwner = N'Transaction', @LockTimeout = 5000;
    IF @LockResult < 0
        EXEC app.RaiseError @ErrorId = 9060;

    -- Per client: count only up to the limit (cheap under load).
    EXEC app.SettingValue @SettingKey = N'submit_client_per_hour', @SettingValue = @Limit OUTPUT;
    SET @Count = (
        SELECT COUNT(*)
        FROM (
            SELECT TOP (@Limit) sl.LogId
            FROM app.SubmissionLog AS sl
            WHERE sl.ClientKey = @Client AND sl.SubmittedAt > DATEADD(HOUR, -1, @Now)
        ) AS recent
    );
    IF @Count >= @Limit
        EXEC app.RaiseError @ErrorId = 1160;

    -- Global: an exact count of the window, stopping at the limit (an index range scan of
    -- at most submit_global_per_minute entries). Never an estimate from log ids: rows commit
    -- with ids out of time order (SubmittedAt is taken when the caller starts), and an
    -- estimate from them undercounted (issue 20, finding 8).
    EXEC app.SettingValue @SettingKey = N'submit_global_per_minute', @SettingValue = @Limit OUTPUT;
    SET @Count = (
        SELECT COUNT(*)
        FROM (
            SELECT TOP (@Limit) sl.LogId
            FROM app.SubmissionLog AS sl
            WHERE sl.SubmittedAt > DATEADD(MINUTE, -1, @Now)
        ) AS recent
    );
    IF @Count >= @Limit
        EXEC app.RaiseError @ErrorId = 1161;
END;
GO
