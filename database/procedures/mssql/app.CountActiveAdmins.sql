-- app.CountActiveAdmins: how many active administrators exist (owner only;
-- tools/bootstrap_admin.py asks before offering to create the first one).
IF OBJECT_ID(N'app.CountActiveAdmins', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE app.CountActiveAdmins AS RETURN 0;');
GO

ALTER PROCEDURE app.CountActiveAdmins
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    SELECT COUNT(*) AS active_admins
    FROM app.StaffUser AS su
    WHERE su.Role = N'administrador' AND su.IsActive = 1;
END;
GO
