-- app.PurgeOldLogs: retention of the logs that grow with traffic (owner only; run daily by
-- a SQL Agent job, see docs/readme/sqlserver.md).
-- Deletes SubmissionLog, StatusLookupLog and LoginAttempt rows older than @Days
-- (default: setting log_retention_days), the login failure counters of unknown names
-- (LoginNameFailure) last updated before that cutoff and not locked any more, the per-source
-- login windows (LoginSource) that started before it, every staff session that can no longer
-- be used (revoked, past its absolute expiry or idle longer than session_idle_minutes) and
-- every expired photo link (PhotoLink).
-- Deletes in batches of 5,000 rows so that a large backlog never escalates to a table lock.
-- Returns how many rows it deleted from each. Error 9020 when the days are below 1.
-- requires: app.SettingValue
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
    DECLARE @NameFailures INT = 0;
    DECLARE @Sources INT = 0;
    DECLARE @Links INT = 0;
    BEGIN TRY
        IF @RetentionDays IS NULL
            EXEC app.SettingValue @SettingKey = N'log_retention_days', @SettingValue = @RetentionDays OUTPUT;
        IF @RetentionDays < 1
            EXEC app.RaiseError @ErrorId = 9020;
        EXEC app.SettingValue @SettingKey = N'session_idle_minutes', @SettingValue = @IdleMinutes OUTPUT;
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
                OR LastSeenAt <= DATEADD(MINUTE, -@IdleMinutes, @Now);
            SET @Deleted = @@ROWCOUNT;
            SET @Sessions = @Sessions + @Deleted;
        END;
        SET @Deleted = @Batch;
        WHILE @Deleted = @Batch
        BEGIN
            DELETE TOP (@Batch) FROM app.LoginNameFailure
            WHERE UpdatedAt < @Cutoff AND (LockedUntil IS NULL OR LockedUntil <= @Now);
            SET @Deleted = @@ROWCOUNT;
            SET @NameFailures = @NameFailures + @Deleted;
        END;
        SET @Deleted = @Batch;
        WHILE @Deleted = @Batch
        BEGIN
            DELETE TOP (@Batch) FROM app.LoginSource WHERE WindowStart < @Cutoff;
            SET @Deleted = @@ROWCOUNT;
            SET @Sources = @Sources + @Deleted;
        END;
        SET @Deleted = @Batch;
        WHILE @Deleted = @Batch
        BEGIN
            DELETE TOP (@Batch) FROM app.PhotoLink WHERE ExpiresAt < @Now;
            SET @Deleted = @@ROWCOUNT;
            SET @Links = @Links + @Deleted;
        END;

        SELECT
            @RetentionDays AS retention_days,
            @Submissions AS submission_log,
            @Lookups AS status_lookup_log,
            @Attempts AS login_attempt,
            @Sessions AS staff_session,
            @NameFailures AS login_name_failure,
            @Sources AS login_source,
            @Links AS photo_link;
    END TRY
    BEGIN CATCH
        IF XACT_STATE() <> 0 ROLLBACK;
        THROW;
    END CATCH;
END;
GO
