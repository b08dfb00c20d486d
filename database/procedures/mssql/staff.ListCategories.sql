-- staff.ListCategories: problem categories with their resolution target.
IF OBJECT_ID(N'staff.ListCategories', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE staff.ListCategories AS RETURN 0;');
GO

ALTER PROCEDURE staff.ListCategories
    @Token VARBINARY(64)
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @AdminId INT;
    BEGIN TRY
        EXEC app.RequireSession @Token = @Token, @RequiredRole = N'administrador', @StaffId = @AdminId OUTPUT;
        SELECT
            CAST(pc.CategoryId AS INT) AS category_id,
            pc.Name AS name,
            pc.Kind AS kind,
            pc.NeedsEquipment AS needs_equipment,
            pc.TargetHours AS target_hours,
            CAST(pc.SortOrder AS INT) AS sort_order,
            pc.IsActive AS is_active
        FROM app.ProblemCategory AS pc
        ORDER BY pc.SortOrder, pc.Name;
    END TRY
    BEGIN CATCH
        IF XACT_STATE() <> 0 ROLLBACK;
        THROW;
    END CATCH;
END;
GO
