-- staff.ListEquipmentItems: the equipment inventory with location and campus.
IF OBJECT_ID(N'staff.ListEquipmentItems', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE staff.ListEquipmentItems AS RETURN 0;');
GO

ALTER PROCEDURE staff.ListEquipmentItems
    @Token VARBINARY(64)
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @AdminId INT;
    BEGIN TRY
        EXEC app.RequireSession @Token = @Token, @RequiredRole = N'administrador', @StaffId = @AdminId OUTPUT;
        SELECT
            e.EquipmentId AS equipment_id,
            e.InventoryTag AS inventory_tag,
            e.SerialNumber AS serial_number,
            e.Brand AS brand,
            e.Model AS model,
            e.Kind AS kind,
            e.LocationId AS location_id,
            l.Name AS location_name,
            c.Code AS campus_code,
            e.IsActive AS is_active
        FROM app.Equipment AS e
        LEFT JOIN app.Location AS l ON e.LocationId = l.LocationId
        LEFT JOIN app.Campus AS c ON l.CampusId = c.CampusId
        ORDER BY e.InventoryTag;
    END TRY
    BEGIN CATCH
        IF XACT_STATE() <> 0 ROLLBACK;
        THROW;
    END CATCH;
END;
GO
