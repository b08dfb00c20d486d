-- staff.ListSettings: every value of app.Setting with its accepted range, for the
-- administrators' settings screen (administrators only).
IF OBJECT_ID(N'staff.ListSettings', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE staff.ListSettings AS RETURN 0;');
GO

ALTER PROCEDURE staff.ListSettings
    @Token VARBINARY(64)
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @AdminId INT;
    EXEC app.RequireSession @Token = @Token, @RequiredRole = N'administrador', @StaffId = @AdminId OUTPUT;
    SELECT
        s.SettingKey AS setting_key,
        s.SettingValue AS setting_value,
        s.MinValue AS min_value,
        s.MaxValue AS max_value,
        s.Description AS description
    FROM app.Setting AS s
    ORDER BY s.SettingKey;
END;
GO
