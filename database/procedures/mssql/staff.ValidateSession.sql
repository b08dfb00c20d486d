-- staff.ValidateSession: who is behind a token (error 2001 when the session is
-- unknown, revoked, idle or past its absolute expiry). Allowed while the account
-- must change its password: must_change_password tells the client to ask for it.
-- expires_at: the earlier of the idle and the absolute expiry, as of now.
-- requires: app.SettingValue
IF OBJECT_ID(N'staff.ValidateSession', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE staff.ValidateSession AS RETURN 0;');
GO

ALTER PROCEDURE staff.ValidateSession
    @Token VARBINARY(64)
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @StaffId INT;
    DECLARE @IdleMinutes INT;
    EXEC app.SettingValue @SettingKey = N'session_idle_minutes', @SettingValue = @IdleMinutes OUTPUT;

    EXEC app.RequireSession
        @Token = @Token,
        @RequiredRole = N'operador',
        @AllowMustChange = 1,
        @StaffId = @StaffId OUTPUT;

    SELECT
        su.StaffId AS staff_id,
        su.Username AS username,
        su.FullName AS full_name,
        su.Role AS role,
        su.MustChangePassword AS must_change_password,
        CASE
            WHEN DATEADD(MINUTE, @IdleMinutes, ss.LastSeenAt) < ss.ExpiresAt
                THEN DATEADD(MINUTE, @IdleMinutes, ss.LastSeenAt)
            ELSE ss.ExpiresAt
        END AS expires_at
    FROM app.StaffSession AS ss
    INNER JOIN app.StaffUser AS su ON ss.StaffId = su.StaffId
    WHERE ss.TokenHash = HASHBYTES('SHA2_256', @Token);
END;
GO
