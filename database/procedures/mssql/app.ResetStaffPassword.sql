-- app.ResetStaffPassword: the DBA's way back in (owner only, never granted;
-- run by `python -m tools.bootstrap_admin --restablecer USUARIO`). Sets a new
-- temporary password that must be changed at the next login, unlocks the
-- account and revokes its sessions. Does not reactivate an inactive account.
-- Recorded in app.LoginAttempt as 'restablecida': until the account's next successful
-- login, its right (temporary) password passes the lock and the source limit of
-- staff.LogIn, so strangers' failures cannot keep the last administrator out.
-- Username match is exact (binary) as in PostgreSQL: under an accent-insensitive
-- collation (Modern_Spanish_CI_AI) `josé` would otherwise find the account `jose`.
-- requires: app.SettingValue
IF OBJECT_ID(N'app.ResetStaffPassword', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE app.ResetStaffPassword AS RETURN 0;');
GO

ALTER PROCEDURE app.ResetStaffPassword
    @Username NVARCHAR(200),
    @Salt VARBINARY(64),
    @Iterations INT,
    @PasswordKey VARBINARY(64)
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @Name NVARCHAR(200) = LOWER(LTRIM(RTRIM(COALESCE(@Username, N''))));
    DECLARE @Now DATETIME2(3) = SYSUTCDATETIME();
    DECLARE @StaffId INT;
    DECLARE @MinIterations INT;
    EXEC app.SettingValue @SettingKey = N'min_pbkdf2_iterations', @SettingValue = @MinIterations OUTPUT;

    IF @Salt IS NULL OR @Iterations IS NULL OR @PasswordKey IS NULL
        EXEC app.RaiseError @ErrorId = 1001;
    IF @Iterations < @MinIterations
        EXEC app.RaiseError @ErrorId = 2007;
    IF DATALENGTH(@Salt) NOT BETWEEN 16 AND 64 OR DATALENGTH(@PasswordKey) <> 32
        EXEC app.RaiseError @ErrorId = 2011;

    BEGIN TRY
        BEGIN TRANSACTION;

        SELECT @StaffId = su.StaffId
        FROM app.StaffUser AS su WITH (UPDLOCK, HOLDLOCK)
        WHERE su.Username = @Name AND su.Username = @Name COLLATE Latin1_General_BIN2;

        IF @StaffId IS NULL
            EXEC app.RaiseError @ErrorId = 2014;

        UPDATE app.StaffUser
        SET
            Salt = @Salt,
            Iterations = @Iterations,
            Verifier = HASHBYTES('SHA2_256', @PasswordKey),
            MustChangePassword = 1,
            FailedLogins = 0,
            LockedUntil = NULL,
            UpdatedAt = @Now,
            RowVersion = RowVersion + 1
        WHERE StaffId = @StaffId;

        UPDATE app.StaffSession
        SET RevokedAt = @Now
        WHERE StaffId = @StaffId AND RevokedAt IS NULL;

        INSERT INTO app.LoginAttempt (
            Username, StaffId, AttemptedAt, Succeeded, Outcome, ClientInfo, SourceAddress
        )
        SELECT
            su.Username, su.StaffId, @Now, 0, N'restablecida', N'tools.bootstrap_admin',
            COALESCE(CONVERT(NVARCHAR(48), CONNECTIONPROPERTY('client_net_address')), N'local')
        FROM app.StaffUser AS su
        WHERE su.StaffId = @StaffId;

        COMMIT TRANSACTION;
    END TRY
    BEGIN CATCH
        IF XACT_STATE() <> 0 ROLLBACK TRANSACTION;
        THROW;
    END CATCH;

    SELECT @StaffId AS staff_id;
END;
GO
