-- app.CheckPasswordParams: error 4007 unless salt, iterations (at least the
-- configured minimum) and the derived key have the expected shape.
-- requires: app.SettingValue
IF OBJECT_ID(N'app.CheckPasswordParams', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE app.CheckPasswordParams AS RETURN 0;');
GO

ALTER PROCEDURE app.CheckPasswordParams
    @Salt VARBINARY(MAX),
    @Iterations INT,
    @PasswordKey VARBINARY(MAX)
AS
BEGIN
    SET NOCOUNT ON;
    DECLARE @Min INT;
    EXEC app.SettingValue @SettingKey = N'min_pbkdf2_iterations', @SettingValue = @Min OUTPUT;
    IF
        @Salt IS NULL OR DATALENGTH(@Salt) NOT BETWEEN 16 AND 64
        OR @Iterations IS NULL OR @Iterations < @Min
        OR @PasswordKey IS NULL OR DATALENGTH(@PasswordKey) <> 32
        EXEC app.RaiseError @ErrorId = 4007;
END;
GO
