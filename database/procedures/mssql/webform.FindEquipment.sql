-- webform.FindEquipment: one active equipment by inventory tag (trimmed, exact), 0 or 1 row.
-- Used by the form's tag field and by prefilled (QR) links; location_id/campus_id may be NULL
-- when the equipment has no (active) location.
IF OBJECT_ID(N'webform.FindEquipment', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE webform.FindEquipment AS RETURN 0;');
GO

ALTER PROCEDURE webform.FindEquipment
    @InventoryTag NVARCHAR(200)
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;

    SELECT
        e.EquipmentId AS equipment_id,
        e.InventoryTag AS inventory_tag,
        e.Kind AS kind,
        e.Brand AS brand,
        e.Model AS model,
        e.SerialNumber AS serial_number,
        l.LocationId AS location_id,
        CAST(l.CampusId AS INT) AS campus_id
    FROM app.Equipment AS e
    LEFT JOIN app.Location AS l ON e.LocationId = l.LocationId AND l.IsActive = 1
    WHERE
        e.InventoryTag = LTRIM(RTRIM(@InventoryTag))
        AND e.IsActive = 1;
END;
GO
