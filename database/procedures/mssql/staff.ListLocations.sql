-- staff.ListLocations: every location with its campus, active or not.
IF OBJECT_ID(N'staff.ListLocations', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE staff.ListLocations AS RETURN 0;');
GO

ALTER PROCEDURE staff.ListLocations
    @Token VARBINARY(64)
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @AdminId INT;
    BEGIN TRY
        EXEC app.RequireSession @Token = @Token, @RequiredRole = N'administrador', @StaffId = @AdminId OUTPUT;
        SELECT
            l.LocationId AS location_id,
            CAST(l.CampusId AS INT) AS campus_id,
            c.Name AS campus_name,
            l.Name AS name,
            l.Kind AS kind,
            l.Building AS building,
            CAST(l.SortOrder AS INT) AS sort_order,
            l.IsActive AS is_active
        FROM app.Location AS l
        INNER JOIN app.Campus AS c ON l.CampusId = c.CampusId
        ORDER BY c.SortOrder, l.SortOrder, l.Name;
    END TRY
    BEGIN CATCH
        IF XACT_STATE() <> 0 ROLLBACK;
        THROW;
    END CATCH;
END;
GO
