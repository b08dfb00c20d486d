-- staff.ListCampuses: the campuses (for catalog and statistics filters).
IF OBJECT_ID(N'staff.ListCampuses', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE staff.ListCampuses AS RETURN 0;');
GO

ALTER PROCEDURE staff.ListCampuses
    @Token VARBINARY(64)
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @AdminId INT;
    BEGIN TRY
        EXEC app.RequireSession @Token = @Token, @RequiredRole = N'administrador', @StaffId = @AdminId OUTPUT;
        SELECT
            CAST(c.CampusId AS INT) AS campus_id,
            c.Code AS code,
            c.Name AS name,
            c.Address AS address,
            CAST(c.SortOrder AS INT) AS sort_order,
            c.IsActive AS is_active
        FROM app.Campus AS c
        ORDER BY c.SortOrder, c.Name;
    END TRY
    BEGIN CATCH
        IF XACT_STATE() <> 0 ROLLBACK;
        THROW;
    END CATCH;
END;
GO
