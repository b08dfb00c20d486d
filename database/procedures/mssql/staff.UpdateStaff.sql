-- staff.UpdateStaff: change an account's full name and role; the last active
-- administrator cannot be demoted (4001). Saving without a change writes nothing (no audit line).
-- requires: app.CheckLastAdmin
IF OBJECT_ID(N'staff.UpdateStaff', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE staff.UpdateStaff AS RETURN 0;');
GO

ALTER PROCEDURE staff.UpdateStaff
    @Token VARBINARY(64),
    @StaffId INT,
    @FullName NVARCHAR(200),
    @Role NVARCHAR(20)
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @AdminId INT;
    DECLARE @Full NVARCHAR(200) = LTRIM(RTRIM(@FullName));
    DECLARE @OldName NVARCHAR(60);
    DECLARE @OldFull NVARCHAR(120);
    DECLARE @OldRole NVARCHAR(20);
    DECLARE @OldActive BIT;
    BEGIN TRY
        EXEC app.RequireSession @Token = @Token, @RequiredRole = N'administrador', @StaffId = @AdminId OUTPUT;
        IF @Full IS NULL OR @Full = N'' OR LEN(@Full) > 120
            EXEC app.RaiseError @ErrorId = 4005;
        IF @Role IS NULL OR @Role NOT IN (N'operador', N'administrador')
            EXEC app.RaiseError @ErrorId = 4006;

        BEGIN TRANSACTION;
        SELECT
            @OldName = su.Username,
            @OldFull = su.FullName,
            @OldRole = su.Role,
            @OldActive = su.IsActive
        FROM app.StaffUser AS su WITH (UPDLOCK, HOLDLOCK)
        WHERE su.StaffId = @StaffId;
        IF @OldName IS NULL
            EXEC app.RaiseError @ErrorId = 4002;
        -- Nothing changed (compared as bytes: the collation ignores case): no write, no audit line.
        IF
            CAST(@OldFull AS VARBINARY(400)) = CAST(@Full AS VARBINARY(400))
            AND CAST(@OldRole AS VARBINARY(40)) = CAST(@Role AS VARBINARY(40))
        BEGIN
            COMMIT;
            RETURN 0;
        END;
        IF @OldRole = N'administrador' AND @Role <> N'administrador' AND @OldActive = 1
            EXEC app.CheckLastAdmin @StaffId = @StaffId;

        UPDATE app.StaffUser
        SET FullName = @Full, Role = @Role, UpdatedAt = SYSUTCDATETIME(), RowVersion = RowVersion + 1
        WHERE StaffId = @StaffId;

        DECLARE
            @Details NVARCHAR(400)
            = N'nombre: ' + @OldFull + N' -> ' + @Full + N'; rol: ' + @OldRole + N' -> ' + @Role;
        EXEC app.WriteAdminAudit
            @StaffId = @AdminId, @Action = N'editar_cuenta', @Target = @OldName,
            @Details = @Details;
        COMMIT;
    END TRY
    BEGIN CATCH
        IF XACT_STATE() <> 0 ROLLBACK;
        THROW;
    END CATCH;
END;
GO
