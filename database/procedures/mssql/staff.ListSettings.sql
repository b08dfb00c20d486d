-- staff.ListSettings: every value of app.Setting with its accepted range (app.SettingBound;
-- min_value and max_value NULL: no range declared, the screen shows it read-only), for the
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
        b.MinValue AS min_value,
        b.MaxValue AS max_value,
        s.Description AS description
    FROM app.Setting AS s
    LEFT JOIN app.SettingBound AS b ON s.SettingKey = b.SettingKey
    ORDER BY s.SettingKey;
END;
GO
