-- staff.LogIn: check SHA-256(password key) against the stored verifier and open
-- a session. Every attempt is recorded in app.LoginAttempt; after
-- login_max_failures consecutive failures the account is locked for
-- login_lockout_minutes. Failures RETURN a row with the registry error id (and
-- NULLs) instead of raising, so the attempt and the failure count are committed.
-- The token (32 random bytes) is returned once; only SHA-256(token) is stored.
-- expires_at: the earlier of the idle and the absolute expiry.
-- Username match is exact (binary) as in PostgreSQL: under an accent-insensitive
-- collation (Modern_Spanish_CI_AI) `josé` would otherwise find the account `jose`.
IF OBJECT_ID(N'staff.LogIn', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE staff.LogIn AS RETURN 0;');
GO

ALTER PROCEDURE staff.LogIn
    @Username NVARCHAR(200),
    @PasswordKey VARBINARY(64),
    @ClientInfo NVARCHAR(400)
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @Name NVARCHAR(60) = LEFT(LOWER(LTRIM(RTRIM(COALESCE(@Username, N'')))), 60);
    DECLARE @Client NVARCHAR(200) = LEFT(@ClientInfo, 200);
    DECLARE @Now DATETIME2(3) = SYSUTCDATETIME();
    DECLARE @MaxFailures INT = COALESCE((
        SELECT s.SettingValue FROM app.Setting AS s WHERE s.SettingKey = N'login_max_failures'
    ), 5);
    DECLARE @LockoutMinutes INT = COALESCE((
        SELECT s.SettingValue FROM app.Setting AS s WHERE s.SettingKey = N'login_lockout_minutes'
    ), 15);
    DECLARE @IdleMinutes INT = COALESCE((
        SELECT s.SettingValue FROM app.Setting AS s WHERE s.SettingKey = N'session_idle_minutes'
    ), 30);
    DECLARE @MaxHours INT = COALESCE((
        SELECT s.SettingValue FROM app.Setting AS s WHERE s.SettingKey = N'session_max_hours'
    ), 12);
    DECLARE @StaffId INT;
    DECLARE @FullName NVARCHAR(120);
    DECLARE @Role NVARCHAR(20);
    DECLARE @Verifier VARBINARY(32);
    DECLARE @MustChange BIT;
    DECLARE @IsActive BIT;
    DECLARE @FailedLogins INT;
    DECLARE @LockedUntil DATETIME2(3);
    DECLARE @ErrorId INT = 0;
    DECLARE @Outcome NVARCHAR(20);
    DECLARE @Token VARBINARY(32);
    DECLARE @AbsoluteExpiry DATETIME2(3) = DATEADD(HOUR, @MaxHours, @Now);
    DECLARE @IdleExpiry DATETIME2(3) = DATEADD(MINUTE, @IdleMinutes, @Now);

    BEGIN TRY
        BEGIN TRANSACTION;

        -- Row lock: concurrent attempts on one account are counted one after another.
        SELECT
            @StaffId = su.StaffId,
            @FullName = su.FullName,
            @Role = su.Role,
            @Verifier = su.Verifier,
            @MustChange = su.MustChangePassword,
            @IsActive = su.IsActive,
            @FailedLogins = su.FailedLogins,
            @LockedUntil = su.LockedUntil
        FROM app.StaffUser AS su WITH (UPDLOCK, HOLDLOCK)
        WHERE su.Username = @Name AND su.Username = @Name COLLATE Latin1_General_BIN2;

        IF @StaffId IS NULL
            SELECT
                @ErrorId = 2004,
                @Outcome = N'desconocido';
        ELSE IF @LockedUntil IS NOT NULL AND @LockedUntil > @Now
            SELECT
                @ErrorId = 2005,
                @Outcome = N'bloqueada';
        ELSE IF @PasswordKey IS NULL OR HASHBYTES('SHA2_256', @PasswordKey) <> @Verifier
            BEGIN
                SET @Outcome = N'clave';
                IF @FailedLogins + 1 >= @MaxFailures
                    BEGIN
                        -- Lock, and start counting again once the lock has passed.
                        UPDATE app.StaffUser
                        SET
                            FailedLogins = 0,
                            LockedUntil = DATEADD(MINUTE, @LockoutMinutes, @Now),
                            UpdatedAt = @Now
                        WHERE StaffId = @StaffId;
                        SET @ErrorId = 2005;
                    END
                ELSE
                    BEGIN
                        UPDATE app.StaffUser
                        SET FailedLogins = FailedLogins + 1, LockedUntil = NULL
                        WHERE StaffId = @StaffId;
                        SET @ErrorId = 2004;
                    END;
            END
        -- Only someone who knows the password learns that the account is inactive.
        ELSE IF @IsActive = 0
            SELECT
                @ErrorId = 2006,
                @Outcome = N'inactiva';
        ELSE
            BEGIN
                SET @Outcome = N'ok';
                SET @Token = CRYPT_GEN_RANDOM(32);
                UPDATE app.StaffUser
                SET FailedLogins = 0, LockedUntil = NULL, LastLoginAt = @Now
                WHERE StaffId = @StaffId;
                INSERT INTO app.StaffSession (TokenHash, StaffId, CreatedAt, LastSeenAt, ExpiresAt, ClientInfo)
                VALUES (HASHBYTES('SHA2_256', @Token), @StaffId, @Now, @Now, @AbsoluteExpiry, @Client);
            END;

        INSERT INTO app.LoginAttempt (Username, StaffId, AttemptedAt, Succeeded, Outcome, ClientInfo)
        VALUES (@Name, @StaffId, @Now, CASE WHEN @ErrorId = 0 THEN 1 ELSE 0 END, @Outcome, @Client);

        COMMIT TRANSACTION;
    END TRY
    BEGIN CATCH
        IF XACT_STATE() <> 0 ROLLBACK TRANSACTION;
        THROW;
    END CATCH;

    SELECT
        @ErrorId AS error_id,
        @Token AS token,
        CASE WHEN @ErrorId = 0 THEN @StaffId END AS staff_id,
        CASE WHEN @ErrorId = 0 THEN @Name END AS username,
        CASE WHEN @ErrorId = 0 THEN @FullName END AS full_name,
        CASE WHEN @ErrorId = 0 THEN @Role END AS role,
        CASE WHEN @ErrorId = 0 THEN @MustChange END AS must_change_password,
        CASE
            WHEN @ErrorId <> 0 THEN NULL
            WHEN @IdleExpiry < @AbsoluteExpiry THEN @IdleExpiry
            ELSE @AbsoluteExpiry
        END AS expires_at;
END;
GO
