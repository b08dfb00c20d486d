-- app.SettingValue: the value of app.Setting @SettingKey; raises 9050 (setting_missing) when absent.
-- The one reader of app.Setting for procedures: no procedure repeats a default of
-- database/seed/01_setting.tsv (a missing row is an installation fault, never guessed).
-- A procedure with an OUTPUT parameter, not a scalar function: a T-SQL function cannot THROW.
-- Call: EXEC app.SettingValue @SettingKey = N'login_max_failures', @SettingValue = @Max OUTPUT;
IF OBJECT_ID(N'app.SettingValue', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE app.SettingValue AS RETURN 0;');
GO

ALTER PROCEDURE app.SettingValue
    @SettingKey NVARCHAR(60),
    @SettingValue INT OUTPUT
AS
BEGIN
    SET NOCOUNT ON;
    SET @SettingValue = (SELECT s.SettingValue FROM app.Setting AS s WHERE s.SettingKey = @SettingKey);
    IF @SettingValue IS NULL
        EXEC app.RaiseError @ErrorId = 9050;
END;
GO
