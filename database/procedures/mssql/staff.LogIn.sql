-- staff.LogIn: check SHA-256(password key) against the stored verifier and open a session.
-- Twin of staff.log_in (PostgreSQL): same sections in the same order.
-- Model (docs/readme/auth.md):
--   * every name has a failure counter and a lock (accounts in app.StaffUser, any other
--     name in app.LoginNameFailure), so an unknown name answers exactly like an account:
--     2004, then 2005 at the login_max_failures-th failure, and 2005 while locked;
--   * failures are counted per source address (app.LoginSource); a source with
--     login_source_max_failures failures in the current window of
--     login_source_window_minutes is refused (2020) before any account is looked at;
--   * a trusted source (same address and client_info where this name logged in within
--     login_trusted_source_days, with fewer than login_max_failures failures since) is exempt
--     from the account lock and the source limit: strangers cannot lock a user out of the PC
--     they always use;
--   * an owner rescue (`tools.bootstrap_admin --restablecer`, recorded as the attempt
--     'restablecida') not yet followed by a successful login lets the right password through
--     the lock and the source limit: the last administrator can always get back in.
-- Failures RETURN a row with the registry error id (and NULLs) instead of raising, so the
-- attempt and the counters are committed. The outcome is computed once and the attempt is
-- recorded in one place. The token (32 random bytes) is returned once; only SHA-256(token)
-- is stored. expires_at: the earlier of the idle and the absolute expiry.
-- Names and client_info are compared exactly (binary) as in PostgreSQL: under an
-- accent-insensitive collation (Modern_Spanish_CI_AI) `josé` would otherwise find `jose`.
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
    DECLARE @Name NVARCHAR(60);
    DECLARE @Client NVARCHAR(200) = LEFT(@ClientInfo, 200);
    DECLARE @Source NVARCHAR(48) = COALESCE(CONVERT(NVARCHAR(48), CONNECTIONPROPERTY('client_net_address')), N'local');
    DECLARE @Now DATETIME2(3) = SYSUTCDATETIME();
    DECLARE @MaxFailures INT;
    DECLARE @LockoutMinutes INT;
    DECLARE @IdleMinutes INT;
    DECLARE @MaxHours INT;
    DECLARE @SourceMax INT;
    DECLARE @SourceWindow INT;
    DECLARE @TrustedDays INT;
    DECLARE @SourceFailures INT;
    DECLARE @LastSuccess DATETIME2(3);
    DECLARE @Trusted BIT = 0;
    DECLARE @Rescue BIT = 0;
    DECLARE @StaffId INT;
    DECLARE @FullName NVARCHAR(120);
    DECLARE @Role NVARCHAR(20);
    DECLARE @Verifier VARBINARY(32);
    DECLARE @MustChange BIT;
    DECLARE @IsActive BIT;
    DECLARE @Known BIT = 0;
    DECLARE @Failed INT;
    DECLARE @LockedUntil DATETIME2(3);
    DECLARE @Judged BIT = 0;
    DECLARE @ErrorId INT = 0;
    DECLARE @Outcome NVARCHAR(20);
    DECLARE @Token VARBINARY(32);
    DECLARE @LockResource NVARCHAR(255);
    DECLARE @LockResult INT;

    -- ---- Settings ----------------------------------------------------------------------
    EXEC app.SettingValue @SettingKey = N'login_max_failures', @SettingValue = @MaxFailures OUTPUT;
    EXEC app.SettingValue @SettingKey = N'login_lockout_minutes', @SettingValue = @LockoutMinutes OUTPUT;
    EXEC app.SettingValue @SettingKey = N'session_idle_minutes', @SettingValue = @IdleMinutes OUTPUT;
    EXEC app.SettingValue @SettingKey = N'session_max_hours', @SettingValue = @MaxHours OUTPUT;
    EXEC app.SettingValue @SettingKey = N'login_source_max_failures', @SettingValue = @SourceMax OUTPUT;
    EXEC app.SettingValue @SettingKey = N'login_source_window_minutes', @SettingValue = @SourceWindow OUTPUT;
    EXEC app.SettingValue @SettingKey = N'login_trusted_source_days', @SettingValue = @TrustedDays OUTPUT;

    -- ---- Username: no account has more than 60 characters --------------------------------
    IF LEN(LTRIM(RTRIM(COALESCE(@Username, N'')))) > 60
        EXEC app.RaiseError @ErrorId = 2021;
    SET @Name = LOWER(LTRIM(RTRIM(COALESCE(@Username, N''))));

    BEGIN TRY
        BEGIN TRANSACTION;

        -- ---- Source: one attempt at a time per address; its failures in the current window ----
        SET @LockResource = N'itl-login-source:' + @Source;
        EXEC app.LockResource @Name = @LockResource, @Resource = @LockResource OUTPUT;
        -- bounded wait (issue 20, finding 4): 5 s, as the client logins' lock_timeout in pg
        EXEC @LockResult = sp_getapplock
            @Resource = @LockResource, @LockMode = N'Exclusive', @LockOwner = N'Transaction', @LockTimeout = 5000;
        IF @LockResult < 0
            EXEC app.RaiseError @ErrorId = 9070;
        SELECT @SourceFailures = CASE WHEN ls.WindowStart > DATEADD(MINUTE, -@SourceWindow, @Now) THEN ls.Failures END
        FROM app.LoginSource AS ls WITH (UPDLOCK, HOLDLOCK)
        WHERE ls.SourceAddress = @Source;
        SET @SourceFailures = COALESCE(@SourceFailures, 0);

        -- Trusted source: this name logged in from this address and client_info recently, and
        -- fewer than login_max_failures wrong passwords came from there since.
        SELECT @LastSuccess = MAX(la.AttemptedAt)
        FROM app.LoginAttempt AS la
        WHERE
            la.Username = @Name
            AND la.Username = @Name COLLATE Latin1_General_BIN2
            AND la.Succeeded = 1
            AND la.SourceAddress = @Source
            AND la.ClientInfo = @Client COLLATE Latin1_General_BIN2
            AND la.AttemptedAt > DATEADD(DAY, -@TrustedDays, @Now);
        IF @LastSuccess IS NOT NULL
            SELECT @Trusted = CASE WHEN COUNT(*) < @MaxFailures THEN 1 ELSE 0 END
            FROM app.LoginAttempt AS la
            WHERE
                la.Username = @Name
                AND la.Username = @Name COLLATE Latin1_General_BIN2
                AND la.Succeeded = 0
                AND la.Outcome IN (N'clave', N'clave_actual')
                AND la.SourceAddress = @Source
                AND la.ClientInfo = @Client COLLATE Latin1_General_BIN2
                AND la.AttemptedAt >= @LastSuccess;

        -- ---- Name state: the account (row lock), or the failure row of a name without one -----
        SELECT
            @StaffId = su.StaffId,
            @FullName = su.FullName,
            @Role = su.Role,
            @Verifier = su.Verifier,
            @MustChange = su.MustChangePassword,
            @IsActive = su.IsActive,
            @Failed = su.FailedLogins,
            @LockedUntil = su.LockedUntil,
            @Known = 1
        FROM app.StaffUser AS su WITH (UPDLOCK, HOLDLOCK)
        WHERE su.Username = @Name AND su.Username = @Name COLLATE Latin1_General_BIN2;
        IF @Known = 0
            SELECT
                @Failed = lf.FailedLogins,
                @LockedUntil = lf.LockedUntil
            FROM app.LoginNameFailure AS lf WITH (UPDLOCK, HOLDLOCK)
            WHERE lf.Username = @Name;
        SET @Failed = COALESCE(@Failed, 0);
        -- Owner rescue pending and the right password: it passes the lock and the source limit.
        IF @Known = 1 AND @PasswordKey IS NOT NULL AND HASHBYTES('SHA2_256', @PasswordKey) = @Verifier
            SELECT
                @Rescue = CASE
                    WHEN
                        MAX(CASE WHEN la.Outcome = N'restablecida' THEN la.AttemptedAt END)
                        > COALESCE(MAX(CASE WHEN la.Succeeded = 1 THEN la.AttemptedAt END), '00010101')
                        THEN 1
                    ELSE 0
                END
            FROM app.LoginAttempt AS la
            WHERE la.StaffId = @StaffId;
        IF @LockedUntil <= @Now
            SET @LockedUntil = NULL;  -- a past lock is over

        -- ---- Outcome (computed once) -----------------------------------------------------------
        IF @SourceFailures >= @SourceMax AND @Trusted = 0 AND @Rescue = 0
            SELECT
                @ErrorId = 2020,
                @Outcome = N'fuente';
        ELSE IF @LockedUntil IS NOT NULL AND @Trusted = 0 AND @Rescue = 0
            SELECT
                @ErrorId = 2005,
                @Outcome = CASE WHEN @Known = 1 THEN N'bloqueada' ELSE N'desconocido' END;
        ELSE IF @Known = 0 OR @PasswordKey IS NULL OR HASHBYTES('SHA2_256', @PasswordKey) <> @Verifier
            BEGIN
                SET @Judged = 1;
                SET @Outcome = CASE WHEN @Known = 1 THEN N'clave' ELSE N'desconocido' END;
                SET @Failed = @Failed + 1;
                IF @Failed >= @MaxFailures
                    -- Lock, and start counting again once the lock has passed.
                    SELECT
                        @ErrorId = 2005,
                        @Failed = 0,
                        @LockedUntil = DATEADD(MINUTE, @LockoutMinutes, @Now);
                ELSE
                    SET @ErrorId = 2004;
            END
        -- Only someone who knows the password learns that the account is inactive.
        ELSE IF @IsActive = 0
            SELECT
                @ErrorId = 2006,
                @Outcome = N'inactiva';
        ELSE
            -- A lock set by failures from other sources stays for them.
            SELECT
                @Judged = 1,
                @Outcome = N'ok',
                @Failed = 0;

        -- ---- Counters: the name's and the source's ---------------------------------------------
        IF @Judged = 1 AND @Known = 1
            UPDATE app.StaffUser
            SET
                FailedLogins = @Failed,
                LockedUntil = @LockedUntil,
                LastLoginAt = CASE WHEN @ErrorId = 0 THEN @Now ELSE LastLoginAt END,
                UpdatedAt = CASE WHEN @ErrorId = 2005 THEN @Now ELSE UpdatedAt END
            WHERE StaffId = @StaffId;
        ELSE IF @Judged = 1
            BEGIN
                UPDATE app.LoginNameFailure
                SET FailedLogins = @Failed, LockedUntil = @LockedUntil, UpdatedAt = @Now
                WHERE Username = @Name;
                IF @@ROWCOUNT = 0
                    INSERT INTO app.LoginNameFailure (Username, FailedLogins, LockedUntil, UpdatedAt)
                    VALUES (@Name, @Failed, @LockedUntil, @Now);
            END;
        IF @ErrorId IN (2004, 2005)
            BEGIN
                UPDATE app.LoginSource
                SET
                    WindowStart = CASE WHEN @SourceFailures = 0 THEN @Now ELSE WindowStart END,
                    Failures = @SourceFailures + 1
                WHERE SourceAddress = @Source;
                IF @@ROWCOUNT = 0
                    INSERT INTO app.LoginSource (SourceAddress, WindowStart, Failures)
                    VALUES (@Source, @Now, 1);
            END;

        -- ---- Session -------------------------------------------------------------------------------
        IF @ErrorId = 0
            BEGIN
                SET @Token = CRYPT_GEN_RANDOM(32);
                INSERT INTO app.StaffSession (TokenHash, StaffId, CreatedAt, LastSeenAt, ExpiresAt, ClientInfo)
                VALUES (HASHBYTES('SHA2_256', @Token), @StaffId, @Now, @Now, DATEADD(HOUR, @MaxHours, @Now), @Client);
            END;

        -- ---- The attempt, recorded once ----------------------------------------------------------
        INSERT INTO app.LoginAttempt (
            Username, StaffId, AttemptedAt, Succeeded, Outcome, ClientInfo, SourceAddress
        )
        VALUES (
            @Name, CASE WHEN @Known = 1 THEN @StaffId END, @Now, CASE WHEN @ErrorId = 0 THEN 1 ELSE 0 END,
            @Outcome, @Client, @Source
        );

        COMMIT TRANSACTION;
    END TRY
    BEGIN CATCH
        IF XACT_STATE() <> 0 ROLLBACK TRANSACTION;
        THROW;
    END CATCH;

    -- ---- Result --------------------------------------------------------------------------------
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
            WHEN DATEADD(MINUTE, @IdleMinutes, @Now) < DATEADD(HOUR, @MaxHours, @Now)
                THEN DATEADD(MINUTE, @IdleMinutes, @Now)
            ELSE DATEADD(HOUR, @MaxHours, @Now)
        END AS expires_at;
END;
GO
