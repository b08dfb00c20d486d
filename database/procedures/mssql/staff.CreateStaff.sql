-- staff.CreateStaff: a new staff account with a temporary password (the
-- administrator's client generates it, shows it once and sends only salt,
-- iterations and the PBKDF2 key); the user must change it at first login.
-- requires: app.CheckPasswordParams
IF OBJECT_ID(N'staff.CreateStaff', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE staff.CreateStaff AS RETURN 0;');
GO

ALTER PROCEDURE staff.CreateStaff
    @Token VARBINARY(64),
    @Username NVARCHAR(100),
    @FullName NVARCHAR(200),
    @Role NVARCHAR(20),
    @Salt VARBINARY(64),
    @Iterations INT,
    @PasswordKey VARBINARY(64)
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @AdminId INT;
    DECLARE @NewId INT;
    DECLARE @Name NVARCHAR(100) = LOWER(LTRIM(RTRIM(@Username)));
    DECLARE @Full NVARCHAR(200) = LTRIM(RTRIM(@FullName));
    BEGIN TRY
        EXEC app.RequireSession @Token = @Token, @RequiredRole = N'administrador', @StaffId = @AdminId OUTPUT;
        IF
            @Name IS NULL OR LEN(@Name) NOT BETWEEN 3 AND 60
            OR @Name LIKE N'%[^a-z0-9._-]%' COLLATE Latin1_General_BIN
            EXEC app.RaiseError @ErrorId = 4004;
        IF @Full IS NULL OR @Full = N'' OR LEN(@Full) > 120
            EXEC app.RaiseError @ErrorId = 4005;
        IF @Role IS NULL OR @Role NOT IN (N'operador', N'administrador')
            EXEC app.RaiseError @ErrorId = 4006;
        EXEC app.CheckPasswordParams @Salt = @Salt, @Iterations = @Iterations, @PasswordKey = @PasswordKey;

        BEGIN TRANSACTION;
        IF EXISTS (SELECT 1 FROM app.StaffUser WITH (UPDLOCK, HOLDLOCK) WHERE Username = @Name)
            EXEC app.RaiseError @ErrorId = 4003;
        INSERT INTO app.StaffUser (Username, FullName, Role, Salt, Iterations, Verifier, MustChangePassword)
        VALUES (@Name, @Full, @Role, @Salt, @Iterations, HASHBYTES('SHA2_256', @PasswordKey), 1);
        SET @NewId = CAST(SCOPE_IDENTITY() AS INT);
        DECLARE @Details NVARCHAR(100) = N'rol: ' + @Role;
        EXEC app.WriteAdminAudit
            @StaffId = @AdminId, @Action = N'crear_cuenta', @Target = @Name,
            @Details = @Details;
        COMMIT;
        SELECT @NewId AS staff_id;
    END TRY
    BEGIN CATCH
        IF XACT_STATE() <> 0 ROLLBACK;
        THROW;
    END CATCH;
END;
GO
