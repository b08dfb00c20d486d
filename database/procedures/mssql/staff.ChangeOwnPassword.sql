-- staff.ChangeOwnPassword: replace the caller's password. Needs the current
-- key (PBKDF2 with the current salt and iterations), a new salt, at least the
-- configured minimum iterations and a different key. Clears
-- MustChangePassword and revokes every other session of the account.
-- Allowed while the account must change its password (that is its purpose).
-- A wrong current key is a failed login (issue 12): it is recorded in app.LoginAttempt
-- (outcome 'clave_actual') and counted; the login_max_failures-th locks the account for
-- login_lockout_minutes and ends all its sessions, this one too. Those two answers are
-- returned (error_id 2008 or 2005) so the count is committed; 0 = changed.
-- requires: app.SettingValue
IF OBJECT_ID(N'staff.ChangeOwnPassword', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE staff.ChangeOwnPassword AS RETURN 0;');
GO

ALTER PROCEDURE staff.ChangeOwnPassword
    @Token VARBINARY(64),
    @CurrentKey VARBINARY(64),
    @NewSalt VARBINARY(64),
    @NewIterations INT,
    @NewKey VARBINARY(64)
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @StaffId INT;
    DECLARE @Username NVARCHAR(60);
    DECLARE @Verifier VARBINARY(32);
    DECLARE @FailedLogins INT;
    DECLARE @ErrorId INT = 0;
    DECLARE @Now DATETIME2(3) = SYSUTCDATETIME();
    DECLARE @MinIterations INT;
    DECLARE @MaxFailures INT;
    DECLARE @LockoutMinutes INT;
    EXEC app.SettingValue @SettingKey = N'min_pbkdf2_iterations', @SettingValue = @MinIterations OUTPUT;

    EXEC app.RequireSession
        @Token = @Token,
        @RequiredRole = N'operador',
        @AllowMustChange = 1,
        @StaffId = @StaffId OUTPUT;

    IF @CurrentKey IS NULL OR @NewSalt IS NULL OR @NewIterations IS NULL OR @NewKey IS NULL
        EXEC app.RaiseError @ErrorId = 1001;

    EXEC app.SettingValue @SettingKey = N'login_max_failures', @SettingValue = @MaxFailures OUTPUT;
    EXEC app.SettingValue @SettingKey = N'login_lockout_minutes', @SettingValue = @LockoutMinutes OUTPUT;
    IF @NewIterations < @MinIterations
        EXEC app.RaiseError @ErrorId = 2007;
    IF DATALENGTH(@NewSalt) NOT BETWEEN 16 AND 64 OR DATALENGTH(@NewKey) <> 32
        EXEC app.RaiseError @ErrorId = 2011;

    BEGIN TRY
        BEGIN TRANSACTION;

        SELECT
            @Username = su.Username,
            @Verifier = su.Verifier,
            @FailedLogins = su.FailedLogins
        FROM app.StaffUser AS su WITH (UPDLOCK, HOLDLOCK)
        WHERE su.StaffId = @StaffId;

        IF HASHBYTES('SHA2_256', @CurrentKey) <> @Verifier
            BEGIN
                IF @FailedLogins + 1 >= @MaxFailures
                    BEGIN
                        SET @ErrorId = 2005;
                        UPDATE app.StaffUser
                        SET
                            FailedLogins = 0,
                            LockedUntil = DATEADD(MINUTE, @LockoutMinutes, @Now),
                            UpdatedAt = @Now
                        WHERE StaffId = @StaffId;
                        UPDATE app.StaffSession
                        SET RevokedAt = @Now
                        WHERE StaffId = @StaffId AND RevokedAt IS NULL;
                    END
                ELSE
                    BEGIN
                        SET @ErrorId = 2008;
                        UPDATE app.StaffUser
                        SET FailedLogins = FailedLogins + 1
                        WHERE StaffId = @StaffId;
                    END;
                INSERT INTO app.LoginAttempt (
                    Username, StaffId, AttemptedAt, Succeeded, Outcome, ClientInfo, SourceAddress
                )
                SELECT
                    @Username, @StaffId, @Now, 0, N'clave_actual', ss.ClientInfo,
                    COALESCE(CONVERT(NVARCHAR(48), CONNECTIONPROPERTY('client_net_address')), N'local')
                FROM app.StaffSession AS ss
                WHERE ss.TokenHash = HASHBYTES('SHA2_256', @Token);
            END
        ELSE
            BEGIN
                IF HASHBYTES('SHA2_256', @NewKey) = @Verifier
                    EXEC app.RaiseError @ErrorId = 2009;

                UPDATE app.StaffUser
                SET
                    Salt = @NewSalt,
                    Iterations = @NewIterations,
                    Verifier = HASHBYTES('SHA2_256', @NewKey),
                    MustChangePassword = 0,
                    FailedLogins = 0,
                    LockedUntil = NULL,
                    UpdatedAt = @Now,
                    RowVersion = RowVersion + 1
                WHERE StaffId = @StaffId;

                UPDATE app.StaffSession
                SET RevokedAt = @Now
                WHERE
                    StaffId = @StaffId
                    AND RevokedAt IS NULL
                    AND TokenHash <> HASHBYTES('SHA2_256', @Token);
            END;

        COMMIT TRANSACTION;
    END TRY
    BEGIN CATCH
        IF XACT_STATE() <> 0 ROLLBACK TRANSACTION;
        THROW;
    END CATCH;

    SELECT @ErrorId AS error_id;
END;
GO
