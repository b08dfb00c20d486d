-- staff.UnlockStaff: clear a lockout and the failed-login counter.
IF OBJECT_ID(N'staff.UnlockStaff', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE staff.UnlockStaff AS RETURN 0;');
GO

ALTER PROCEDURE staff.UnlockStaff
    @Token VARBINARY(64),
    @StaffId INT
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @AdminId INT;
    DECLARE @Name NVARCHAR(60);
    BEGIN TRY
        EXEC app.RequireSession @Token = @Token, @RequiredRole = N'administrador', @StaffId = @AdminId OUTPUT;
        BEGIN TRANSACTION;
        UPDATE app.StaffUser
        SET
            @Name = Username, FailedLogins = 0, LockedUntil = NULL, UpdatedAt = SYSUTCDATETIME(),
            RowVersion = RowVersion + 1
        WHERE StaffId = @StaffId;
        IF @Name IS NULL
            EXEC app.RaiseError @ErrorId = 4002;
        EXEC app.WriteAdminAudit
            @StaffId = @AdminId, @Action = N'desbloquear_cuenta', @Target = @Name,
            @Details = NULL;
        COMMIT;
    END TRY
    BEGIN CATCH
        IF XACT_STATE() <> 0 ROLLBACK;
        THROW;
    END CATCH;
END;
GO
