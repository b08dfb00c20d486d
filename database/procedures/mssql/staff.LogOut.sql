-- staff.LogOut: revoke the session of this token. Quiet and idempotent: an
-- unknown, expired or already revoked token is not an error.
IF OBJECT_ID(N'staff.LogOut', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE staff.LogOut AS RETURN 0;');
GO

ALTER PROCEDURE staff.LogOut
    @Token VARBINARY(64)
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    IF @Token IS NULL
        RETURN;
    UPDATE app.StaffSession
    SET RevokedAt = SYSUTCDATETIME()
    WHERE TokenHash = HASHBYTES('SHA2_256', @Token) AND RevokedAt IS NULL;
END;
GO
