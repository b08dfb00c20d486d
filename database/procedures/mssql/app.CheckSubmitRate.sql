-- app.CheckSubmitRate: the rate limits of everything a requester writes (new tickets are
-- still checked inline by webform.SubmitTicket with the same rules; replies use this).
-- Raises 1150 without a client key, 1160 when this client reached submit_client_per_hour
-- rows of app.SubmissionLog in the last hour, 1161 when everyone reached
-- submit_global_per_minute in the last minute. @Client = SHA-256 of the client key: the
-- caller inserts the app.SubmissionLog row when it accepts the write.
IF OBJECT_ID(N'app.CheckSubmitRate', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE app.CheckSubmitRate AS RETURN 0;');
GO

ALTER PROCEDURE app.CheckSubmitRate
    @ClientKey NVARCHAR(200),
    @Client VARBINARY(32) OUTPUT
AS
BEGIN
    SET NOCOUNT ON;
    DECLARE @Now DATETIME2(3) = SYSUTCDATETIME();
    DECLARE @Limit INT;
    DECLARE @Count INT;
    DECLARE @FirstLog BIGINT;
    SET @Client = NULL;
    IF NULLIF(LTRIM(RTRIM(@ClientKey)), N'') IS NULL
        EXEC app.RaiseError @ErrorId = 1150;
    SET @Client = HASHBYTES('SHA2_256', CAST(LTRIM(RTRIM(@ClientKey)) AS VARCHAR(200)));
    SET @Limit = COALESCE((
        SELECT s.SettingValue FROM app.Setting AS s WHERE s.SettingKey = N'submit_client_per_hour'
    ), 20);
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
    SET @Limit = COALESCE((
        SELECT s.SettingValue FROM app.Setting AS s WHERE s.SettingKey = N'submit_global_per_minute'
    ), 600);
    SET @FirstLog = (
        SELECT TOP (1) sl.LogId
        FROM app.SubmissionLog AS sl
        WHERE sl.SubmittedAt > DATEADD(MINUTE, -1, @Now)
        ORDER BY sl.SubmittedAt
    );
    IF @FirstLog IS NOT NULL AND (SELECT MAX(sl.LogId) FROM app.SubmissionLog AS sl) - @FirstLog + 1 >= @Limit
        BEGIN
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
END;
GO
