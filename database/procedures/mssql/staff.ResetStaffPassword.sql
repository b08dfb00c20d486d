-- staff.ResetStaffPassword: a new temporary password (generated and shown once
-- by the administrator's client): must be changed at next login; the account is
-- unlocked and its open sessions are revoked.
-- requires: app.CheckPasswordParams
IF OBJECT_ID(N'staff.ResetStaffPassword', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE staff.ResetStaffPassword AS RETURN 0;');
GO

ALTER PROCEDURE staff.ResetStaffPassword
    @Token VARBINARY(64),
    @StaffId INT,
    @Salt VARBINARY(64),
    @Iterations INT,
    @PasswordKey VARBINARY(64)
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @AdminId INT;
    DECLARE @Name NVARCHAR(60);
    BEGIN TRY
        EXEC app.RequireSession @Token = @Token, @RequiredRole = N'administrador', @StaffId = @AdminId OUTPUT;
        EXEC app.CheckPasswordParams @Salt = @Salt, @Iterations = @Iterations, @PasswordKey = @PasswordKey;
        BEGIN TRANSACTION;
        UPDATE app.StaffUser
        SET
            @Name = Username, Salt = @Salt, Iterations = @Iterations,
            Verifier = HASHBYTES('SHA2_256', @PasswordKey), MustChangePassword = 1, FailedLogins = 0,
            LockedUntil = NULL, UpdatedAt = SYSUTCDATETIME(), RowVersion = RowVersion + 1
        WHERE StaffId = @StaffId;
        IF @Name IS NULL
            EXEC app.RaiseError @ErrorId = 4002;
        IF @StaffId <> @AdminId
            UPDATE app.StaffSession SET RevokedAt = SYSUTCDATETIME()
            WHERE StaffId = @StaffId AND RevokedAt IS NULL;
        EXEC app.WriteAdminAudit
            @StaffId = @AdminId, @Action = N'restablecer_contrasena', @Target = @Name,
            @Details = NULL;
        COMMIT;
    END TRY
    BEGIN CATCH
        IF XACT_STATE() <> 0 ROLLBACK;
        THROW;
    END CATCH;
END;
GO
