-- app.PurgeOldLogs: retention of the logs that grow with traffic (owner only; run daily by
-- a SQL Agent job, see docs/readme/sqlserver.md).
-- Deletes SubmissionLog, StatusLookupLog and LoginAttempt rows older than @Days
-- (default: setting log_retention_days) and every staff session that can no longer be used
-- (revoked, past its absolute expiry or idle longer than session_idle_minutes).
-- Deletes in batches of 5,000 rows so that a large backlog never escalates to a table lock.
-- Returns how many rows it deleted from each. Error 9020 when the days are below 1.
IF OBJECT_ID(N'app.PurgeOldLogs', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE app.PurgeOldLogs AS RETURN 0;');
GO

ALTER PROCEDURE app.PurgeOldLogs
    @Days INT = NULL
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @RetentionDays INT = @Days;
    DECLARE @IdleMinutes INT;
    DECLARE @Cutoff DATETIME2(3);
    DECLARE @Now DATETIME2(3) = SYSUTCDATETIME();
    DECLARE @Batch INT = 5000;
    DECLARE @Deleted INT;
    DECLARE @Submissions INT = 0;
    DECLARE @Lookups INT = 0;
    DECLARE @Attempts INT = 0;
    DECLARE @Sessions INT = 0;
    BEGIN TRY
        IF @RetentionDays IS NULL
            SELECT @RetentionDays = s.SettingValue
            FROM app.Setting AS s
            WHERE s.SettingKey = N'log_retention_days';
        IF @RetentionDays IS NULL OR @RetentionDays < 1
            EXEC app.RaiseError @ErrorId = 9020;
        SELECT @IdleMinutes = s.SettingValue
        FROM app.Setting AS s
        WHERE s.SettingKey = N'session_idle_minutes';
        SET @Cutoff = DATEADD(DAY, -@RetentionDays, @Now);

        SET @Deleted = @Batch;
        WHILE @Deleted = @Batch
        BEGIN
            DELETE TOP (@Batch) FROM app.SubmissionLog WHERE SubmittedAt < @Cutoff;
            SET @Deleted = @@ROWCOUNT;
            SET @Submissions = @Submissions + @Deleted;
        END;
        SET @Deleted = @Batch;
        WHILE @Deleted = @Batch
        BEGIN
            DELETE TOP (@Batch) FROM app.StatusLookupLog WHERE AttemptedAt < @Cutoff;
            SET @Deleted = @@ROWCOUNT;
            SET @Lookups = @Lookups + @Deleted;
        END;
        SET @Deleted = @Batch;
        WHILE @Deleted = @Batch
        BEGIN
            DELETE TOP (@Batch) FROM app.LoginAttempt WHERE AttemptedAt < @Cutoff;
            SET @Deleted = @@ROWCOUNT;
            SET @Attempts = @Attempts + @Deleted;
        END;
        SET @Deleted = @Batch;
        WHILE @Deleted = @Batch
        BEGIN
            DELETE TOP (@Batch) FROM app.StaffSession
            WHERE
                RevokedAt IS NOT NULL
                OR ExpiresAt <= @Now
                OR LastSeenAt <= DATEADD(MINUTE, -COALESCE(@IdleMinutes, 30), @Now);
            SET @Deleted = @@ROWCOUNT;
            SET @Sessions = @Sessions + @Deleted;
        END;

        SELECT
            @RetentionDays AS retention_days,
            @Submissions AS submission_log,
            @Lookups AS status_lookup_log,
            @Attempts AS login_attempt,
            @Sessions AS staff_session;
    END TRY
    BEGIN CATCH
        IF XACT_STATE() <> 0 ROLLBACK;
        THROW;
    END CATCH;
END;
GO
