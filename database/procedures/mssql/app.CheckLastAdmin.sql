-- app.CheckLastAdmin: error 4001 when @StaffId is the only active administrator
-- (called before deactivating or demoting that account; the admin rows are
-- locked so two administrators cannot demote each other at the same moment).
IF OBJECT_ID(N'app.CheckLastAdmin', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE app.CheckLastAdmin AS RETURN 0;');
GO

ALTER PROCEDURE app.CheckLastAdmin
    @StaffId INT
AS
BEGIN
    SET NOCOUNT ON;
    DECLARE @Others INT = (
        SELECT COUNT(*)
        FROM app.StaffUser AS su WITH (UPDLOCK, HOLDLOCK)
        WHERE su.Role = N'administrador' AND su.IsActive = 1 AND su.StaffId <> @StaffId
    );
    IF @Others = 0
        EXEC app.RaiseError @ErrorId = 4001;
END;
GO
