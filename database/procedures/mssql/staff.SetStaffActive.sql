-- staff.SetStaffActive: deactivate (sessions revoked at once) or reactivate an
-- account. Nobody deactivates themselves (4008) or the last active administrator (4001).
-- An account already in that state is left alone: nothing written, no line in the Bitácora.
-- requires: app.CheckLastAdmin
IF OBJECT_ID(N'staff.SetStaffActive', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE staff.SetStaffActive AS RETURN 0;');
GO

ALTER PROCEDURE staff.SetStaffActive
    @Token VARBINARY(64),
    @StaffId INT,
    @IsActive BIT
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @AdminId INT;
    DECLARE @OldName NVARCHAR(60);
    DECLARE @OldRole NVARCHAR(20);
    DECLARE @OldActive BIT;
    BEGIN TRY
        EXEC app.RequireSession @Token = @Token, @RequiredRole = N'administrador', @StaffId = @AdminId OUTPUT;
        IF @IsActive IS NULL
            EXEC app.RaiseError @ErrorId = 1001;

        BEGIN TRANSACTION;
        SELECT
            @OldName = su.Username,
            @OldRole = su.Role,
            @OldActive = su.IsActive
        FROM app.StaffUser AS su WITH (UPDLOCK, HOLDLOCK)
        WHERE su.StaffId = @StaffId;
        IF @OldName IS NULL
            EXEC app.RaiseError @ErrorId = 4002;
        IF @OldActive = @IsActive
            BEGIN
                COMMIT;
                RETURN;  -- already so: nothing written, no line in the Bitácora
            END;
        IF @IsActive = 0
            BEGIN
                IF @StaffId = @AdminId
                    EXEC app.RaiseError @ErrorId = 4008;
                IF @OldRole = N'administrador' AND @OldActive = 1
                    EXEC app.CheckLastAdmin @StaffId = @StaffId;
                UPDATE app.StaffSession SET RevokedAt = SYSUTCDATETIME()
                WHERE StaffId = @StaffId AND RevokedAt IS NULL;
            END;

        UPDATE app.StaffUser
        SET IsActive = @IsActive, UpdatedAt = SYSUTCDATETIME(), RowVersion = RowVersion + 1
        WHERE StaffId = @StaffId;

        DECLARE @Action NVARCHAR(40) = CASE WHEN @IsActive = 1 THEN N'activar_cuenta' ELSE N'desactivar_cuenta' END;
        EXEC app.WriteAdminAudit @StaffId = @AdminId, @Action = @Action, @Target = @OldName, @Details = NULL;
        COMMIT;
    END TRY
    BEGIN CATCH
        IF XACT_STATE() <> 0 ROLLBACK;
        THROW;
    END CATCH;
END;
GO
