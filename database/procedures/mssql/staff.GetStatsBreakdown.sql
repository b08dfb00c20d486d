-- staff.GetStatsBreakdown: tickets received between two local days (inclusive),
-- optionally for one campus, counted by one dimension's CURRENT value:
-- @Dimension in status, campus, category, requester_type, department, priority,
-- operator (item 0 = unassigned). Largest first.
-- requires: app.CheckStatsRange
IF OBJECT_ID(N'staff.GetStatsBreakdown', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE staff.GetStatsBreakdown AS RETURN 0;');
GO

ALTER PROCEDURE staff.GetStatsBreakdown
    @Token VARBINARY(64),
    @DateFrom DATE,
    @DateTo DATE,
    @CampusId INT,
    @Dimension NVARCHAR(20)
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @AdminId INT;
    DECLARE @Source NVARCHAR(16);
    BEGIN TRY
        EXEC app.RequireSession @Token = @Token, @RequiredRole = N'administrador', @StaffId = @AdminId OUTPUT;
        EXEC app.CheckStatsRange @DateFrom = @DateFrom, @DateTo = @DateTo;
        IF
            @Dimension IS NULL OR @Dimension NOT IN (
                N'status', N'campus', N'category', N'requester_type', N'department', N'priority', N'operator'
            )
            EXEC app.RaiseError @ErrorId = 4031;
        SET @Source = CASE WHEN @Dimension = N'campus' THEN N'total' ELSE @Dimension END;

        SELECT
            g.ItemId AS item_id,
            COALESCE(di.ItemName, N'#' + CAST(g.ItemId AS NVARCHAR(12))) AS item_name,
            g.TicketCount AS ticket_count
        FROM (
            SELECT
                CASE WHEN @Dimension = N'campus' THEN CAST(sd.CampusId AS INT) ELSE sd.ItemId END AS ItemId,
                SUM(sd.TicketCount) AS TicketCount
            FROM app.StatsDaily AS sd
            WHERE
                sd.Dimension = @Source
                AND sd.StatDay BETWEEN @DateFrom AND @DateTo
                AND (@CampusId IS NULL OR sd.CampusId = @CampusId)
            GROUP BY CASE WHEN @Dimension = N'campus' THEN CAST(sd.CampusId AS INT) ELSE sd.ItemId END
            HAVING SUM(sd.TicketCount) <> 0
        ) AS g
        LEFT JOIN stats.DimensionItem AS di ON di.Dimension = @Dimension AND g.ItemId = di.ItemId
        ORDER BY g.TicketCount DESC, di.SortOrder ASC, g.ItemId ASC;
    END TRY
    BEGIN CATCH
        IF XACT_STATE() <> 0 ROLLBACK;
        THROW;
    END CATCH;
END;
GO
