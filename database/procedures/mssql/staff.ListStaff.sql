-- staff.ListStaff: every staff account with its state, last login and the
-- failed login attempts of the last 7 days (administrators only).
IF OBJECT_ID(N'staff.ListStaff', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE staff.ListStaff AS RETURN 0;');
GO

ALTER PROCEDURE staff.ListStaff
    @Token VARBINARY(64)
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @AdminId INT;
    DECLARE @Now DATETIME2(3) = SYSUTCDATETIME();
    BEGIN TRY
        EXEC app.RequireSession @Token = @Token, @RequiredRole = N'administrador', @StaffId = @AdminId OUTPUT;
        SELECT
            su.StaffId AS staff_id,
            su.Username AS username,
            su.FullName AS full_name,
            su.Role AS role,
            su.IsActive AS is_active,
            su.MustChangePassword AS must_change_password,
            CAST(CASE WHEN su.LockedUntil > @Now THEN 1 ELSE 0 END AS BIT) AS is_locked,
            su.LockedUntil AS locked_until,
            su.LastLoginAt AS last_login_at,
            (
                SELECT COUNT(*) FROM app.LoginAttempt AS la
                WHERE
                    la.StaffId = su.StaffId AND la.Succeeded = 0
                    AND la.AttemptedAt > DATEADD(DAY, -7, @Now)
            ) AS recent_failed_attempts,
            su.CreatedAt AS created_at
        FROM app.StaffUser AS su
        ORDER BY su.IsActive DESC, su.FullName ASC, su.StaffId ASC;
    END TRY
    BEGIN CATCH
        IF XACT_STATE() <> 0 ROLLBACK;
        THROW;
    END CATCH;
END;
GO
