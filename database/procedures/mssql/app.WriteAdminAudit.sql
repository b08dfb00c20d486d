-- app.WriteAdminAudit: one row of the administration audit log (who, what, on what).
IF OBJECT_ID(N'app.WriteAdminAudit', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE app.WriteAdminAudit AS RETURN 0;');
GO

ALTER PROCEDURE app.WriteAdminAudit
    @StaffId INT,
    @Action NVARCHAR(40),
    @Target NVARCHAR(MAX),
    @Details NVARCHAR(MAX)
AS
BEGIN
    SET NOCOUNT ON;
    INSERT INTO app.AdminAudit (StaffId, Action, Target, Details)
    VALUES (@StaffId, @Action, LEFT(@Target, 200), LEFT(@Details, 2000));
END;
GO
