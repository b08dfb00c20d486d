-- staff.SaveSetting: change one value of app.Setting (administrators only). The value must lie
-- within its app.SettingBound range (V012; no range declared: 4103, not editable here); the
-- change is written to app.AdminAudit with the old and the new value. Returns the row as
-- staff.ListSettings shows it, and changed (0: the same value again, nothing written or audited).
IF OBJECT_ID(N'staff.SaveSetting', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE staff.SaveSetting AS RETURN 0;');
GO

ALTER PROCEDURE staff.SaveSetting
    @Token VARBINARY(64),
    @SettingKey NVARCHAR(60),
    @SettingValue INT
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @AdminId INT;
    DECLARE @Old INT;
    DECLARE @Min INT;
    DECLARE @Max INT;
    DECLARE @Details NVARCHAR(100);
    BEGIN TRY
        EXEC app.RequireSession @Token = @Token, @RequiredRole = N'administrador', @StaffId = @AdminId OUTPUT;
        BEGIN TRANSACTION;
        SELECT @Old = s.SettingValue, @Min = b.MinValue, @Max = b.MaxValue
        FROM app.Setting AS s WITH (UPDLOCK, HOLDLOCK)
        LEFT JOIN app.SettingBound AS b ON s.SettingKey = b.SettingKey
        WHERE s.SettingKey = @SettingKey;
        IF @Old IS NULL
            EXEC app.RaiseError @ErrorId = 4100;
        IF @Min IS NULL
            EXEC app.RaiseError @ErrorId = 4103;
        IF @SettingValue IS NULL
            EXEC app.RaiseError @ErrorId = 4102;
        IF @SettingValue < @Min OR @SettingValue > @Max
            EXEC app.RaiseError @ErrorId = 4101;
        IF @SettingValue <> @Old
            BEGIN
                UPDATE app.Setting SET SettingValue = @SettingValue WHERE SettingKey = @SettingKey;
                SET @Details = CAST(@Old AS NVARCHAR(20)) + N' -> ' + CAST(@SettingValue AS NVARCHAR(20));
                EXEC app.WriteAdminAudit
                    @StaffId = @AdminId, @Action = N'cambiar_ajuste', @Target = @SettingKey,
                    @Details = @Details;
            END;
        COMMIT;
        SELECT
            s.SettingKey AS setting_key,
            s.SettingValue AS setting_value,
            @Min AS min_value,
            @Max AS max_value,
            s.Description AS description,
            CAST(CASE WHEN @SettingValue <> @Old THEN 1 ELSE 0 END AS BIT) AS changed
        FROM app.Setting AS s
        WHERE s.SettingKey = @SettingKey;
    END TRY
    BEGIN CATCH
        IF XACT_STATE() <> 0 ROLLBACK;
        THROW;
    END CATCH;
END;
GO
