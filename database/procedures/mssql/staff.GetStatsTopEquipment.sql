-- staff.GetStatsTopEquipment: the catalog equipment with most tickets received
-- between two local days (inclusive), optionally for one campus.
-- requires: app.CheckStatsRange
IF OBJECT_ID(N'staff.GetStatsTopEquipment', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE staff.GetStatsTopEquipment AS RETURN 0;');
GO

ALTER PROCEDURE staff.GetStatsTopEquipment
    @Token VARBINARY(64),
    @DateFrom DATE,
    @DateTo DATE,
    @CampusId INT = NULL,
    @MaxRows INT = 10
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @AdminId INT;
    DECLARE @Rows INT = COALESCE(@MaxRows, 10);
    IF @Rows < 1 SET @Rows = 1;
    IF @Rows > 100 SET @Rows = 100;
    BEGIN TRY
        EXEC app.RequireSession @Token = @Token, @RequiredRole = N'administrador', @StaffId = @AdminId OUTPUT;
        EXEC app.CheckStatsRange @DateFrom = @DateFrom, @DateTo = @DateTo;
        SELECT
            e.EquipmentId AS equipment_id,
            e.InventoryTag AS inventory_tag,
            e.Kind AS kind,
            e.Brand AS brand,
            e.Model AS model,
            l.Name AS location_name,
            g.TicketCount AS ticket_count
        FROM (
            SELECT TOP (@Rows)
                sd.ItemId,
                SUM(sd.TicketCount) AS TicketCount
            FROM app.StatsDaily AS sd
            WHERE
                sd.Dimension = N'equipment'
                AND sd.StatDay BETWEEN @DateFrom AND @DateTo
                AND (@CampusId IS NULL OR sd.CampusId = @CampusId)
            GROUP BY sd.ItemId
            HAVING SUM(sd.TicketCount) > 0
            ORDER BY SUM(sd.TicketCount) DESC, sd.ItemId
        ) AS g
        INNER JOIN app.Equipment AS e ON g.ItemId = e.EquipmentId
        LEFT JOIN app.Location AS l ON e.LocationId = l.LocationId
        ORDER BY g.TicketCount DESC, e.InventoryTag ASC;
    END TRY
    BEGIN CATCH
        IF XACT_STATE() <> 0 ROLLBACK;
        THROW;
    END CATCH;
END;
GO
