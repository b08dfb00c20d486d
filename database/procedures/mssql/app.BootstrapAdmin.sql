-- app.BootstrapAdmin: create the first administrator of a new installation.
-- Owner only (never granted to the client roles; run by tools/bootstrap_admin.py).
-- Refuses (2010) when an active administrator already exists. The client sends
-- salt, iterations and the PBKDF2 key; only SHA-256(key) is stored.
-- @MustChangePassword: 1 for a generated temporary password (the account must
-- change it at first login), 0 when the person typed their own.
-- requires: app.SettingValue
IF OBJECT_ID(N'app.BootstrapAdmin', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE app.BootstrapAdmin AS RETURN 0;');
GO

ALTER PROCEDURE app.BootstrapAdmin
    @Username NVARCHAR(200),
    @FullName NVARCHAR(200),
    @Salt VARBINARY(64),
    @Iterations INT,
    @PasswordKey VARBINARY(64),
    @MustChangePassword BIT = 1
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @Name NVARCHAR(200) = LOWER(LTRIM(RTRIM(COALESCE(@Username, N''))));
    DECLARE @Full NVARCHAR(200) = LTRIM(RTRIM(COALESCE(@FullName, N'')));
    DECLARE @StaffId INT;
    DECLARE @MinIterations INT;
    EXEC app.SettingValue @SettingKey = N'min_pbkdf2_iterations', @SettingValue = @MinIterations OUTPUT;

    IF @Name = N'' OR @Full = N'' OR @Salt IS NULL OR @Iterations IS NULL OR @PasswordKey IS NULL
        EXEC app.RaiseError @ErrorId = 1001;
    IF
        LEN(@Name) NOT BETWEEN 3 AND 60
        OR @Name COLLATE Latin1_General_BIN LIKE N'%[^a-z0-9._-]%'
        OR LEFT(@Name, 1) IN (N'.', N'_', N'-')
        EXEC app.RaiseError @ErrorId = 2012;
    IF LEN(@Full) > 120
        EXEC app.RaiseError @ErrorId = 1001;
    IF @Iterations < @MinIterations
        EXEC app.RaiseError @ErrorId = 2007;
    IF DATALENGTH(@Salt) NOT BETWEEN 16 AND 64 OR DATALENGTH(@PasswordKey) <> 32
        EXEC app.RaiseError @ErrorId = 2011;

    BEGIN TRY
        BEGIN TRANSACTION;

        -- Two bootstraps at once: the second waits here and then sees the first admin.
        IF
            EXISTS (
                SELECT 1
                FROM app.StaffUser AS su WITH (TABLOCKX, HOLDLOCK)
                WHERE su.Role = N'administrador' AND su.IsActive = 1
            )
            EXEC app.RaiseError @ErrorId = 2010;
        IF EXISTS (SELECT 1 FROM app.StaffUser AS su WHERE su.Username = @Name)
            EXEC app.RaiseError @ErrorId = 2013;

        INSERT INTO app.StaffUser (Username, FullName, Role, Salt, Iterations, Verifier, MustChangePassword)
        VALUES (
            @Name, @Full, N'administrador', @Salt, @Iterations,
            HASHBYTES('SHA2_256', @PasswordKey), COALESCE(@MustChangePassword, 1)
        );
        SET @StaffId = CAST(SCOPE_IDENTITY() AS INT);

        COMMIT TRANSACTION;
    END TRY
    BEGIN CATCH
        IF XACT_STATE() <> 0 ROLLBACK TRANSACTION;
        THROW;
    END CATCH;

    SELECT @StaffId AS staff_id;
END;
GO
