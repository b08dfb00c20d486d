-- webform.ListEquipment: active equipment registered at one active location, for the form's picker.
-- location_id and campus_id are returned too so a prefilled (QR) link can set the form's lists.
IF OBJECT_ID(N'webform.ListEquipment', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE webform.ListEquipment AS RETURN 0;');
GO

ALTER PROCEDURE webform.ListEquipment
    @LocationId INT
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
        e.LocationId AS location_id,
        CAST(l.CampusId AS INT) AS campus_id
    FROM app.Equipment AS e
    INNER JOIN app.Location AS l ON e.LocationId = l.LocationId
    WHERE
        e.LocationId = @LocationId
        AND e.IsActive = 1
        AND l.IsActive = 1
    ORDER BY e.InventoryTag;
END;
GO
