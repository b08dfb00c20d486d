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
    DECLARE @FullFrom DATE;
    DECLARE @FullTo DATE;
    IF @Rows < 1 SET @Rows = 1;
    IF @Rows > 100 SET @Rows = 100;
    BEGIN TRY
        EXEC app.RequireSession @Token = @Token, @RequiredRole = N'administrador', @StaffId = @AdminId OUTPUT;
        EXEC app.CheckStatsRange @DateFrom = @DateFrom, @DateTo = @DateTo;
        -- Whole months inside the range come from the monthly rows, the days around
        -- them from the daily rows: a year adds up 12 rows per machine instead of 365.
        SET @FullFrom = CASE
            WHEN DAY(@DateFrom) = 1 THEN @DateFrom
            ELSE DATEADD(MONTH, 1, DATEFROMPARTS(YEAR(@DateFrom), MONTH(@DateFrom), 1))
        END;
        SET @FullTo = CASE
            WHEN DAY(DATEADD(DAY, 1, @DateTo)) = 1 THEN DATEADD(DAY, 1, @DateTo)
            ELSE DATEFROMPARTS(YEAR(@DateTo), MONTH(@DateTo), 1)
        END;
        IF @FullFrom >= @FullTo
        BEGIN
            SET @FullFrom = DATEADD(DAY, 1, @DateTo);
            SET @FullTo = DATEADD(DAY, 1, @DateTo);
        END;
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
                u.ItemId,
                SUM(u.TicketCount) AS TicketCount
            FROM (
                SELECT sd.ItemId, sd.TicketCount
                FROM app.StatsDaily AS sd
                WHERE
                    sd.Dimension = N'equipment_month'
                    AND sd.StatDay >= @FullFrom AND sd.StatDay < @FullTo
                    AND (@CampusId IS NULL OR sd.CampusId = @CampusId)
                UNION ALL
                SELECT sd.ItemId, sd.TicketCount
                FROM app.StatsDaily AS sd
                WHERE
                    sd.Dimension = N'equipment'
                    AND (
                        (sd.StatDay >= @DateFrom AND sd.StatDay < @FullFrom)
                        OR (sd.StatDay >= @FullTo AND sd.StatDay <= @DateTo)
                    )
                    AND (@CampusId IS NULL OR sd.CampusId = @CampusId)
            ) AS u
            GROUP BY u.ItemId
            HAVING SUM(u.TicketCount) > 0
            ORDER BY SUM(u.TicketCount) DESC, u.ItemId
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
