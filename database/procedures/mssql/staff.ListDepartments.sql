-- staff.ListDepartments: every department or area, active or not.
IF OBJECT_ID(N'staff.ListDepartments', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE staff.ListDepartments AS RETURN 0;');
GO

ALTER PROCEDURE staff.ListDepartments
    @Token VARBINARY(64)
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @AdminId INT;
    BEGIN TRY
        EXEC app.RequireSession @Token = @Token, @RequiredRole = N'administrador', @StaffId = @AdminId OUTPUT;
        SELECT
            CAST(d.DepartmentId AS INT) AS department_id,
            d.Name AS name,
            d.IsAcademic AS is_academic,
            CAST(d.SortOrder AS INT) AS sort_order,
            d.IsActive AS is_active
        FROM app.Department AS d
        ORDER BY d.SortOrder, d.Name;
    END TRY
    BEGIN CATCH
        IF XACT_STATE() <> 0 ROLLBACK;
        THROW;
    END CATCH;
END;
GO
