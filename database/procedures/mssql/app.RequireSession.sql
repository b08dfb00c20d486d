-- app.RequireSession: the staff id behind a session token, or error 2001
-- (unknown, revoked, idle or absolute expiry, inactive user) / 2002 (role) /
-- 2003 (the account must change its password first).
-- @RequiredRole 'operador' admits every staff role; 'administrador' only admins.
-- @AllowMustChange: 1 only for the procedures a user with a temporary
-- password may call (ValidateSession, ChangeOwnPassword).
-- LastSeenAt is refreshed at most once a minute to keep reads cheap.
-- requires: app.SettingValue
IF OBJECT_ID(N'app.RequireSession', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE app.RequireSession AS RETURN 0;');
GO

ALTER PROCEDURE app.RequireSession
    @Token VARBINARY(64),
    @RequiredRole NVARCHAR(20),
    @AllowMustChange BIT = 0,
    @StaffId INT = NULL OUTPUT
AS
BEGIN
    SET NOCOUNT ON;
    DECLARE @SessionId BIGINT;
    DECLARE @Role NVARCHAR(20);
    DECLARE @MustChange BIT;
    DECLARE @LastSeen DATETIME2(3);
    DECLARE @Now DATETIME2(3) = SYSUTCDATETIME();
    DECLARE @IdleMinutes INT;
    EXEC app.SettingValue @SettingKey = N'session_idle_minutes', @SettingValue = @IdleMinutes OUTPUT;
    SET @StaffId = NULL;

    IF @Token IS NULL
        EXEC app.RaiseError @ErrorId = 2001;

    SELECT
        @SessionId = ss.SessionId,
        @StaffId = ss.StaffId,
        @Role = su.Role,
        @MustChange = su.MustChangePassword,
        @LastSeen = ss.LastSeenAt
    FROM app.StaffSession AS ss
    INNER JOIN app.StaffUser AS su ON ss.StaffId = su.StaffId
    WHERE
        ss.TokenHash = HASHBYTES('SHA2_256', @Token)
        AND ss.RevokedAt IS NULL
        AND ss.ExpiresAt > @Now
        AND ss.LastSeenAt > DATEADD(MINUTE, -@IdleMinutes, @Now)
        AND su.IsActive = 1;

    IF @StaffId IS NULL
        EXEC app.RaiseError @ErrorId = 2001;
    IF @MustChange = 1 AND COALESCE(@AllowMustChange, 0) = 0
        EXEC app.RaiseError @ErrorId = 2003;
    IF @RequiredRole = N'administrador' AND @Role <> N'administrador'
        EXEC app.RaiseError @ErrorId = 2002;

    IF @LastSeen < DATEADD(MINUTE, -1, @Now)
        UPDATE app.StaffSession SET LastSeenAt = @Now
        WHERE SessionId = @SessionId;
END;
GO
